/** BAND_PERCENTILES: the residual bands reported per wavelength (±1σ and ±2σ of a normal, and the median). */
export const BAND_PERCENTILES = [2.5, 16, 50, 84, 97.5] as const;

/**
 * The q-th percentile (0–100) of ascending sorted values, numpy's default linear interpolation:
 * h = (n − 1)·q/100, s[⌊h⌋] + (h − ⌊h⌋)(s[⌊h⌋+1] − s[⌊h⌋]). NaN for n = 0.
 */
export function percentileLinear(sorted: ArrayLike<number>, q: number, n = sorted.length): number {
  if (n === 0) return NaN;
  const h = ((n - 1) * q) / 100;
  const lo = Math.floor(h);
  if (lo + 1 >= n) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}
