import { checkSameLength, checkWavelength, type NumericArray } from './validate';

/** Pixel edges: midpoints between centres, the outer edges mirrored half a pixel out. */
export function pixelEdges(w: NumericArray): Float64Array {
  const n = w.length;
  const e = new Float64Array(n + 1);
  if (n === 1) {
    e[0] = w[0]! - 0.5;
    e[1] = w[0]! + 0.5;
    return e;
  }
  for (let i = 1; i < n; i++) e[i] = 0.5 * (w[i - 1]! + w[i]!);
  e[0] = w[0]! - 0.5 * (w[1]! - w[0]!);
  e[n] = w[n - 1]! + 0.5 * (w[n - 1]! - w[n - 2]!);
  return e;
}

/**
 * Flux-conserving rebinning: flux is a density, constant over each input pixel (edges at midpoints);
 * each output pixel gets the mean density over its own edges, so ∫ flux dλ is preserved over any
 * range of whole output pixels. Output pixels not fully covered by the input get `fill` (NaN).
 */
export function rebinFlux(
  newWavelength: NumericArray,
  wavelength: NumericArray,
  flux: NumericArray,
  options: { fill?: number } = {},
): Float64Array {
  const fn = 'rebinFlux';
  checkWavelength(fn, 'wavelength', wavelength);
  checkSameLength(fn, 'flux', flux, 'wavelength', wavelength);
  checkWavelength(fn, 'newWavelength', newWavelength);
  const e = pixelEdges(wavelength);
  const n = wavelength.length;
  // cumulative integral at the input edges
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i]! + flux[i]! * (e[i + 1]! - e[i]!);
  const integral = (x: number, k: number): number => {
    // x in [e[k], e[k+1]]
    return cum[k]! + flux[k]! * (x - e[k]!);
  };
  const ne = pixelEdges(newWavelength);
  const out = new Float64Array(newWavelength.length);
  let k = 0;
  let prev = NaN;
  for (let i = 0; i <= newWavelength.length; i++) {
    const x = ne[i]!;
    let value = NaN;
    if (x >= e[0]! && x <= e[n]!) {
      while (k < n - 1 && e[k + 1]! < x) k++;
      value = integral(x, k);
    }
    if (i > 0) {
      const v = (value - prev) / (x - ne[i - 1]!);
      out[i - 1] = Number.isNaN(v) ? (options.fill ?? NaN) : v;
    }
    prev = value;
  }
  return out;
}
