import { ShapeError } from '@astroemu/emulator-core';
import { PADDING_ID, type Vocabulary } from './vocabulary';

/** A padded batch of input tokens, host side: values standardised, ids 0 = padding, row-major [batch, length]. */
export interface TokenBatch {
  values: Float32Array;
  types: Int32Array;
  batch: number;
  length: number;
}

/** A type given by name or id; `null` marks an unused slot (padding). */
export type TypeRef = string | number | null;

/**
 * Packs one row of (value, type) pairs per star into a padded batch. Missing values (NaN, ±∞) and `null` types
 * become padding, so rows may have different lengths; the batch is as long as the longest row after dropping
 * them. Values are standardised with the vocabulary: (value − center) / scale.
 */
export function encodeTokens(
  vocabulary: Vocabulary,
  values: readonly ArrayLike<number>[],
  types: readonly ArrayLike<TypeRef>[],
  opts: { context: number; who?: string },
): TokenBatch {
  const who = opts.who ?? 'encodeTokens';
  if (values.length !== types.length || values.length === 0) {
    throw new ShapeError(
      `${who}: expected one row of values and one row of types per star (≥ 1 star); got ${values.length} and ${types.length} rows`,
    );
  }
  const rows: Array<Array<[number, number]>> = values.map((row, i) => {
    const typeRow = types[i]!;
    if (row.length !== typeRow.length) {
      throw new ShapeError(
        `${who}: star ${i} has ${row.length} values but ${typeRow.length} types; expected equal lengths`,
      );
    }
    const kept: Array<[number, number]> = [];
    for (let j = 0; j < row.length; j++) {
      const t = typeRow[j];
      const v = row[j]!;
      if (t === null || t === PADDING_ID || !Number.isFinite(v)) continue;
      const id = vocabulary.id(t as string | number, who);
      const spec = vocabulary.spec(id);
      kept.push([(v - spec.center) / spec.scale, id]);
    }
    if (kept.length > opts.context) {
      throw new ShapeError(
        `${who}: star ${i} has ${kept.length} non-missing inputs; expected at most the context length ${opts.context}`,
      );
    }
    return kept;
  });
  const length = Math.max(1, ...rows.map((r) => r.length));
  const out: TokenBatch = {
    values: new Float32Array(rows.length * length),
    types: new Int32Array(rows.length * length),
    batch: rows.length,
    length,
  };
  rows.forEach((r, i) =>
    r.forEach(([v, id], j) => {
      out.values[i * length + j] = v;
      out.types[i * length + j] = id;
    }),
  );
  return out;
}
