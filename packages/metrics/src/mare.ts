import { checkPair, type NumericArray } from './numericArray';

/** Mean absolute relative error: mean(|predicted − truth| / |truth|). A zero truth value gives Infinity (as numpy). */
export function mare(predicted: NumericArray, truth: NumericArray): number {
  checkPair('mare', predicted, truth);
  let s = 0;
  for (let i = 0; i < predicted.length; i++) s += Math.abs(predicted[i] - truth[i]) / Math.abs(truth[i]);
  return s / predicted.length;
}
