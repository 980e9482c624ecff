import type { NumericArray } from './validate';

/**
 * Convolution with a kernel that may change along the spectrum, on any increasing grid:
 * out_i = Σ_j K_i(λ_j − λ_i) Δλ_j f_j / Σ_j K_i(λ_j − λ_i) Δλ_j over |λ_j − λ_i| ≤ halfWidth_i,
 * with Δλ_j the pixel width (midpoint edges). Weights are normalised, so a flat spectrum stays flat;
 * a kernel narrower than a pixel leaves the spectrum unchanged.
 */
export function convolveKernel(
  wavelength: NumericArray,
  flux: NumericArray,
  halfWidth: (i: number) => number,
  kernel: (dLambda: number, i: number) => number,
): Float64Array {
  const n = wavelength.length;
  const width = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const lo = j > 0 ? wavelength[j - 1]! : wavelength[j]!;
    const hi = j < n - 1 ? wavelength[j + 1]! : wavelength[j]!;
    width[j] = n > 1 ? (hi - lo) / (j > 0 && j < n - 1 ? 2 : 1) : 1;
  }
  const out = new Float64Array(n);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const h = halfWidth(i);
    const x = wavelength[i]!;
    while (lo < i && wavelength[lo]! < x - h) lo++;
    if (hi < i) hi = i;
    while (hi < n - 1 && wavelength[hi + 1]! <= x + h) hi++;
    while (hi > i && wavelength[hi]! > x + h) hi--;
    let s = 0;
    let w = 0;
    for (let j = lo; j <= hi; j++) {
      const k = kernel(wavelength[j]! - x, i) * width[j]!;
      s += k * flux[j]!;
      w += k;
    }
    out[i] = w > 0 ? s / w : flux[i]!;
  }
  return out;
}
