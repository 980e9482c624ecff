import * as tf from '@tensorflow/tfjs';
import { DomainError } from '@astroemu/emulator-core';
import { SPEED_OF_LIGHT_KMS } from '@astroemu/grid-io';

/** A fixed convolution as per-pixel normalised weights over offsets −h…h (host float64, applied in tf). */
export interface BandedKernel {
  /** Largest offset h in pixels. */
  halfWidth: number;
  /** [N, 2h + 1] row-major weights; out_i = Σ_o weights[i, o] · f[i + o − h]. */
  weights: Float32Array;
  pixels: number;
}

/** Builds the weights exactly as grid-io's convolveKernel: K_i(λ_j − λ_i)·Δλ_j, normalised per output pixel. */
export function bandedKernel(
  wavelength: Float64Array,
  halfWidthA: (i: number) => number,
  kernel: (d: number, i: number) => number,
): BandedKernel {
  const n = wavelength.length;
  const width = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const lo = j > 0 ? wavelength[j - 1] : wavelength[j];
    const hi = j < n - 1 ? wavelength[j + 1] : wavelength[j];
    width[j] = n > 1 ? (hi - lo) / (j > 0 && j < n - 1 ? 2 : 1) : 1;
  }
  const ranges: [number, number][] = [];
  let h = 0;
  for (let i = 0; i < n; i++) {
    const hw = halfWidthA(i);
    let lo = i;
    let hi = i;
    while (lo > 0 && wavelength[lo - 1] >= wavelength[i] - hw) lo--;
    while (hi < n - 1 && wavelength[hi + 1] <= wavelength[i] + hw) hi++;
    ranges.push([lo, hi]);
    h = Math.max(h, i - lo, hi - i);
  }
  const W = 2 * h + 1;
  const weights = new Float32Array(n * W);
  const row = new Float64Array(W);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    let s = 0;
    for (let j = ranges[i][0]; j <= ranges[i][1]; j++) {
      const k = kernel(wavelength[j] - wavelength[i], i) * width[j];
      row[j - i + h] = k;
      s += k;
    }
    for (let o = 0; o < W; o++) weights[i * W + o] = s > 0 ? row[o] / s : o === h ? 1 : 0;
  }
  return { halfWidth: h, weights, pixels: n };
}

/** Applies a banded kernel to flux [R, N] (differentiable in flux): one shifted slice per offset. */
export function applyBandedKernel(kernel: BandedKernel, flux: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { halfWidth: h, pixels: n } = kernel;
    const W = 2 * h + 1;
    const w = tf.tensor2d(kernel.weights, [n, W]);
    const padded = tf.pad(flux, [
      [0, 0],
      [h, h],
    ]);
    let out = tf.zerosLike(flux);
    for (let o = 0; o < W; o++)
      out = out.add(padded.slice([0, o], [-1, n]).mul(w.slice([0, o], [-1, 1]).reshape([1, n])));
    return out as tf.Tensor2D;
  });
}

const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.log(2)));

/** Gaussian LSF at resolving power R (twin of grid-io's broadenGaussian, ±4σ): returns a reusable operator on [R, N] flux. */
export function gaussianLsfOperator(
  wavelength: Float64Array,
  resolvingPower: number,
): (flux: tf.Tensor2D) => tf.Tensor2D {
  if (!(resolvingPower > 0))
    throw new DomainError(
      `Argument 'resolvingPower' passed to 'gaussianLsfOperator' must be > 0; got ${resolvingPower}`,
    );
  if (resolvingPower === Infinity) return (f) => f.clone();
  const sigma = (i: number) => (wavelength[i] / resolvingPower) * FWHM_TO_SIGMA;
  const k = bandedKernel(
    wavelength,
    (i) => 4 * sigma(i),
    (d, i) => Math.exp((-0.5 * d * d) / (sigma(i) * sigma(i))),
  );
  return (f) => applyBandedKernel(k, f);
}

/** Rotational broadening at v sin i (km/s) with linear limb darkening ε (twin of grid-io's broadenRotational, Gray eq. 18.14). */
export function rotationalBroadeningOperator(
  wavelength: Float64Array,
  vsiniKms: number,
  limbDarkening = 0.6,
): (flux: tf.Tensor2D) => tf.Tensor2D {
  if (!(vsiniKms >= 0) || !Number.isFinite(vsiniKms))
    throw new DomainError(
      `Argument 'vsiniKms' passed to 'rotationalBroadeningOperator' must be finite and ≥ 0; got ${vsiniKms}`,
    );
  if (vsiniKms === 0) return (f) => f.clone();
  const c1 = 2 * (1 - limbDarkening);
  const c2 = (Math.PI * limbDarkening) / 2;
  const dl = (i: number) => (wavelength[i] * vsiniKms) / SPEED_OF_LIGHT_KMS;
  const k = bandedKernel(wavelength, dl, (d, i) => {
    const x = d / dl(i);
    const u = 1 - x * x;
    return u <= 0 ? (d === 0 ? 1 : 0) : c1 * Math.sqrt(u) + c2 * u;
  });
  return (f) => applyBandedKernel(k, f);
}
