import { absErrors } from './absErrors';
import { checkPair, type NumericArray } from './numericArray';
import { selectTop } from './selectTop';
import { maqe95Count, maqe95FromTop } from './upperTail';

/**
 * MAQE0.95: the mean of the k = ⌈0.05·n⌉ largest |predicted − truth| (exact; quickselect, no full
 * sort). NaN if any error is NaN.
 */
export function maqe95(predicted: NumericArray, truth: NumericArray): number {
  checkPair('maqe95', predicted, truth);
  const { values, hasNaN } = absErrors(predicted, truth);
  if (hasNaN) return NaN;
  return maqe95FromTop(selectTop(values, maqe95Count(values.length)), values.length);
}
