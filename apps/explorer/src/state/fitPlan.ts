import type { LabelSpec } from '@astroemu/emulator-core';

/** Labels fitted by default: Teff, logg and the iron abundance where the bundle has them, else the first three. */
export function defaultFitLabels(specs: readonly LabelSpec[]): string[] {
  const names = specs.map((s) => s.name);
  const wanted = ['Teff', 'logg', 'Fe', '[Fe/H]', 'FeH', 'feh'].filter((n) => names.includes(n));
  return wanted.length > 0 ? wanted : names.slice(0, 3);
}

/** The fixed values of the labels not fitted (current slider values), by name. */
export function fixedLabels(
  specs: readonly LabelSpec[],
  values: ArrayLike<number>,
  fit: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  specs.forEach((s, i) => {
    if (!fit.includes(s.name)) out[s.name] = values[i]!;
  });
  return out;
}

/** One row of the fit table. */
export interface FitRow {
  name: string;
  unit?: string;
  value: number;
  sigma: number;
  fitted: boolean;
  inBounds: boolean;
}

/** Rows for the fitted labels (labels ± σ) in bundle order. */
export function fitRows(
  specs: readonly LabelSpec[],
  labels: Record<string, number>,
  sigma: Record<string, number>,
  fit: readonly string[],
): FitRow[] {
  return specs
    .filter((s) => fit.includes(s.name))
    .map((s) => {
      const value = labels[s.name] ?? NaN;
      return {
        name: s.name,
        ...(s.unit ? { unit: s.unit } : {}),
        value,
        sigma: sigma[s.name] ?? NaN,
        fitted: true,
        inBounds: value >= s.min && value <= s.max,
      };
    });
}

/** "4512 ± 35" with digits following σ (two significant figures of σ). */
export function formatWithSigma(value: number, sigma: number): string {
  if (!Number.isFinite(value)) return 'NaN';
  if (!Number.isFinite(sigma) || sigma <= 0) return value.toPrecision(5);
  const d = Math.max(0, 1 - Math.floor(Math.log10(sigma)));
  return `${value.toFixed(d)} ± ${sigma.toFixed(d)}`;
}
