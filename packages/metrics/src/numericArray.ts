import { ShapeError } from './errors';

/** Flat numeric data: a batch of N spectra × M wavelengths, row-major. */
export type NumericArray = Float32Array | Float64Array;

/** Checks that predicted and truth have the same, non-zero length. */
export function checkPair(who: string, predicted: NumericArray, truth: NumericArray): void {
  if (!ArrayBuffer.isView(predicted) || !ArrayBuffer.isView(truth)) {
    throw new ShapeError(
      `${who}: predicted and truth must be Float32Array or Float64Array; got ${typeof predicted} and ${typeof truth}`,
    );
  }
  if (predicted.length !== truth.length) {
    throw new ShapeError(
      `${who}: predicted has ${predicted.length} values but truth has ${truth.length}; expected equal lengths`,
    );
  }
  if (predicted.length === 0)
    throw new ShapeError(`${who}: predicted and truth are empty; expected at least one value`);
}
