import { ShapeError, type LabelSpec } from '@astroemu/emulator-core';

/** One label vector: values in the emulator's label order, or by name (every label named). */
export type LabelVector = ArrayLike<number> | Readonly<Record<string, number>>;

function isVector(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) || (Array.isArray(x) && (x.length === 0 || typeof x[0] === 'number'));
}

/** Flattens one or many label vectors (physical units) into a row-major [B, L] Float32Array. */
export function labelRows(
  who: string,
  labels: LabelVector | readonly LabelVector[],
  specs: readonly LabelSpec[],
): { rows: Float32Array; batch: number; single: boolean } {
  const single = isVector(labels) || !Array.isArray(labels);
  const list = (single ? [labels] : labels) as readonly LabelVector[];
  const L = specs.length;
  const rows = new Float32Array(list.length * L);
  list.forEach((v, b) => {
    if (isVector(v)) {
      if (v.length !== L)
        throw new ShapeError(
          `${who}: label vector ${b} has ${v.length} values; the emulator's labels are ${L} (${specs.map((s) => s.name).join(', ')})`,
        );
      for (let j = 0; j < L; j++) rows[b * L + j] = v[j]!;
      return;
    }
    const unknown = Object.keys(v).filter((k) => !specs.some((s) => s.name === k));
    if (unknown.length)
      throw new ShapeError(
        `${who}: label vector ${b} names unknown label '${unknown[0]}'; the emulator's labels are ${specs.map((s) => s.name).join(', ')}`,
      );
    specs.forEach((s, j) => {
      const x = (v as Record<string, number>)[s.name];
      if (typeof x !== 'number')
        throw new ShapeError(
          `${who}: label vector ${b} has no value for '${s.name}' (give every label: ${specs.map((t) => t.name).join(', ')})`,
        );
      rows[b * L + j] = x;
    });
  });
  return { rows, batch: list.length, single };
}
