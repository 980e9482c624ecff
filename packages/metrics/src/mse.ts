import { checkPair, type NumericArray } from './numericArray';

/** Mean squared error over all values: mean((predicted − truth)²), computed in float64. */
export function mse(predicted: NumericArray, truth: NumericArray): number {
  checkPair('mse', predicted, truth);
  let s = 0;
  for (let i = 0; i < predicted.length; i++) {
    const e = predicted[i] - truth[i];
    s += e * e;
  }
  return s / predicted.length;
}
