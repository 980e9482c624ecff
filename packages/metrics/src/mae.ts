import { checkPair, type NumericArray } from './numericArray';

/** Mean absolute error over all values: mean(|predicted − truth|). */
export function mae(predicted: NumericArray, truth: NumericArray): number {
  checkPair('mae', predicted, truth);
  let s = 0;
  for (let i = 0; i < predicted.length; i++) s += Math.abs(predicted[i] - truth[i]);
  return s / predicted.length;
}
