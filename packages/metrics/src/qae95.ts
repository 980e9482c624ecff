import { absErrors } from './absErrors';
import { checkPair, type NumericArray } from './numericArray';
import { selectTop } from './selectTop';
import { qaeFromTop, tailSize } from './upperTail';

/**
 * QAE0.95: the 95th percentile of |predicted − truth|, with numpy's default (linear) interpolation:
 * h = 0.95·(n − 1), value = s[⌊h⌋] + (h − ⌊h⌋)(s[⌊h⌋+1] − s[⌊h⌋]) over the ascending sorted errors s.
 * Uses selection (no full sort). NaN if any error is NaN.
 */
export function qae95(predicted: NumericArray, truth: NumericArray): number {
  checkPair('qae95', predicted, truth);
  const { values, hasNaN } = absErrors(predicted, truth);
  if (hasNaN) return NaN;
  return qaeFromTop(selectTop(values, tailSize(values.length)), values.length, 95);
}
