/**
 * Statistics of the upper tail of n absolute errors, given the largest ones sorted descending
 * (`top[0]` is the maximum). Definitions:
 * - QAE_q: numpy.percentile(|e|, q) with numpy's default linear interpolation: h = (n − 1)·q/100,
 *   value = s[⌊h⌋] + (h − ⌊h⌋)·(s[⌊h⌋+1] − s[⌊h⌋]) over the ascending sorted values s.
 * - MAQE: mean of the k = ⌈n/20⌉ (= ⌈0.05·n⌉) largest values.
 */

/** How many of the largest values `qaeFromTop(…, 95)` and `maqe95FromTop` need for n values. */
export function tailSize(n: number): number {
  return Math.ceil(n / 20) + 2;
}

export function maqe95Count(n: number): number {
  return Math.ceil(n / 20);
}

export function qaeFromTop(top: Float64Array, n: number, q: number): number {
  if (n === 0) return NaN;
  const h = ((n - 1) * q) / 100;
  const lo = Math.floor(h);
  const at = (ascIndex: number) => top[n - 1 - ascIndex];
  const a = at(lo);
  if (lo + 1 >= n) return a;
  const b = at(lo + 1);
  return a + (h - lo) * (b - a);
}

export function maqe95FromTop(top: Float64Array, n: number): number {
  const k = maqe95Count(n);
  if (k === 0) return NaN;
  let s = 0;
  for (let i = 0; i < k; i++) s += top[i];
  return s / k;
}
