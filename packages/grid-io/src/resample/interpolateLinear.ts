import { checkSameLength, checkWavelength, type NumericArray } from './validate';

/**
 * Linear interpolation of (wavelength, flux) at `newWavelength`, as numpy's `np.interp`:
 * outside the input range the edge values are repeated unless `fill` is given (e.g. NaN).
 */
export function interpolateLinear(
  newWavelength: NumericArray,
  wavelength: NumericArray,
  flux: NumericArray,
  options: { fill?: number } = {},
): Float64Array {
  const fn = 'interpolateLinear';
  checkWavelength(fn, 'wavelength', wavelength);
  checkSameLength(fn, 'flux', flux, 'wavelength', wavelength);
  checkWavelength(fn, 'newWavelength', newWavelength);
  const n = wavelength.length;
  const out = new Float64Array(newWavelength.length);
  let j = 0;
  for (let i = 0; i < newWavelength.length; i++) {
    const x = newWavelength[i]!;
    if (x < wavelength[0]! || x > wavelength[n - 1]!) {
      out[i] = options.fill ?? (x < wavelength[0]! ? flux[0]! : flux[n - 1]!);
      continue;
    }
    while (j < n - 2 && wavelength[j + 1]! < x) j++;
    if (n === 1) {
      out[i] = flux[0]!;
      continue;
    }
    const x0 = wavelength[j]!;
    const x1 = wavelength[j + 1]!;
    const t = (x - x0) / (x1 - x0);
    out[i] = x === x1 ? flux[j + 1]! : flux[j]! + t * (flux[j + 1]! - flux[j]!);
  }
  return out;
}
