import { checkPair, type NumericArray } from './numericArray';

/** Maximum absolute error: max |predicted − truth| (NaN if any error is NaN). */
export function maxAE(predicted: NumericArray, truth: NumericArray): number {
  checkPair('maxAE', predicted, truth);
  let m = 0;
  for (let i = 0; i < predicted.length; i++) {
    const e = Math.abs(predicted[i] - truth[i]);
    if (!(e <= m)) m = e; // propagates NaN
    if (Number.isNaN(m)) return NaN;
  }
  return m;
}
