import { FitsError } from '../fits/FitsError';
import type { FitsHeader } from '../fits/FitsHeader';
import type { FitsColumn, FitsImageArray } from '../fits/types';

type Numeric = FitsImageArray | FitsColumn['data'];

/** Numeric data as a plain number-indexable array, or a FitsError when it is strings/VLA. */
export function numeric(
  data: Numeric | null,
  ctx: { file: string; hdu: number; keyword: string },
): Exclude<FitsImageArray, BigInt64Array | BigUint64Array> {
  if (data === null || Array.isArray(data) || data instanceof BigInt64Array || data instanceof BigUint64Array) {
    throw new FitsError('expected a numeric array', {
      ...ctx,
      expected: 'integer or floating-point values',
      got: data === null ? 'no data' : Array.isArray(data) ? 'strings or variable-length arrays' : '64-bit integers',
    });
  }
  return data;
}

/** Copy `n` values starting at `start` (optionally reversed) into a new array of type `T`. */
export function slice<T extends Float32Array | Float64Array | Int32Array>(
  make: new (n: number) => T,
  src: ArrayLike<number>,
  start: number,
  n: number,
  reverse = false,
): T {
  const out = new make(n);
  for (let i = 0; i < n; i++) out[i] = src[reverse ? start + n - 1 - i : start + i]!;
  return out;
}

/** 1/σ² where σ > 0, else 0, rounded to float32. */
export function ivarFromError(err: ArrayLike<number>): Float32Array {
  const out = new Float32Array(err.length);
  for (let i = 0; i < err.length; i++) {
    const e = err[i]!;
    out[i] = e > 0 ? 1 / (e * e) : 0;
  }
  return out;
}

/** 10^x for log10 wavelengths (x read in float64 from whatever precision the file stored). */
export function pow10(src: ArrayLike<number>): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = 10 ** src[i]!;
  return out;
}

export function concat<T extends Float32Array | Float64Array | Int32Array>(
  make: new (n: number) => T,
  parts: ArrayLike<number>[],
): T {
  const out = new make(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) out[at + i] = p[i]!;
    at += p.length;
  }
  return out;
}

/** Header cards as a plain record (first occurrence of each keyword; commentary cards left out). */
export function headerRecord(header: FitsHeader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const card of header.cards) {
    if (card.type === 'commentary' || card.keyword in out) continue;
    out[card.keyword] = card.value;
  }
  return out;
}
