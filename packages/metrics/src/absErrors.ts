import type { NumericArray } from './numericArray';

/** |predicted − truth| in float64, and whether any is NaN. */
export function absErrors(predicted: NumericArray, truth: NumericArray): { values: Float64Array; hasNaN: boolean } {
  const values = new Float64Array(predicted.length);
  let hasNaN = false;
  for (let i = 0; i < values.length; i++) {
    const e = Math.abs(predicted[i] - truth[i]);
    if (Number.isNaN(e)) hasNaN = true;
    values[i] = e;
  }
  return { values, hasNaN };
}
