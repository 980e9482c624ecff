import type { LabelSpec } from '@astroemu/emulator-core';

/** Initial label values: the middle of each label's box (the bundle's trained domain). */
export function initialLabels(specs: readonly LabelSpec[]): Float64Array {
  return Float64Array.from(specs, (s) => (s.min + s.max) / 2);
}

/** A copy of `values` with label `index` set to `value` clamped into its bounds (NaN leaves it unchanged). */
export function setLabel(
  values: Float64Array,
  specs: readonly LabelSpec[],
  index: number,
  value: number,
): Float64Array {
  const spec = specs[index];
  if (spec === undefined) throw new RangeError(`setLabel: label index ${index} is outside 0…${specs.length - 1}`);
  const out = values.slice();
  if (Number.isFinite(value)) out[index] = Math.min(spec.max, Math.max(spec.min, value));
  return out;
}

/** Slider step: about 1/200 of the box, rounded down to 1, 2 or 5 × 10^k. */
export function sliderStep(spec: LabelSpec): number {
  const raw = (spec.max - spec.min) / 200;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/** Decimal places that show one slider step. */
export function stepDecimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** "Teff [K]"-style label of a spec. */
export function labelTitle(spec: LabelSpec): string {
  return spec.unit ? `${spec.name} [${spec.unit}]` : spec.name;
}

/** Label values remapped to another label list by name (labels it lacks: the middle of its box). */
export function remapLabels(from: readonly LabelSpec[], values: Float64Array, to: readonly LabelSpec[]): Float64Array {
  const byName = new Map(from.map((s, i) => [s.name, values[i]!]));
  return Float64Array.from(to, (s) => {
    const v = byName.get(s.name);
    return v === undefined ? (s.min + s.max) / 2 : Math.min(s.max, Math.max(s.min, v));
  });
}
