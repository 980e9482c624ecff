import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { broadenGaussian, broadenRotational, dopplerFactor, interpolateLinear } from '@astroemu/grid-io';
import type { FitOptions, FitResult } from '@astroemu/inference';

/** The observation operators of a fit (FitOptions' resolvingPower, vsini, limbDarkening). */
export type ModelFluxOptions = Pick<FitOptions, 'resolvingPower' | 'vsini' | 'limbDarkening'>;

/** Rest pixels per observed pixel where a wavelength-conditioned emulator must be broadened on a grid of its own. */
const OVERSAMPLE = 4;

/**
 * The fitted model on the observed pixels, as @astroemu/inference defines it: the emulator at the
 * fitted labels in the rest frame, broadened by rotation (v sin i) then the Gaussian LSF (R) when the fit
 * used them, Doppler-shifted by the fitted rv (rest λ = observed λ / D(v)), times the continuum
 * polynomial Σ c_d x^d with x ∈ [−1, 1] across the spectrum (one segment). NaN outside the emulator, and
 * everywhere for a failed fit (non-finite labels or rv).
 */
export function modelFlux(emulator: Emulator, result: FitResult, wavelength: Float64Array, options: ModelFluxOptions = {}): Float64Array {
  const rest = wavelength.map((w) => w / dopplerFactor(result.rv));
  const labels = emulator.labels.map((l) => result.labels[l.name] ?? NaN);
  if (!labels.every(Number.isFinite) || !Number.isFinite(result.rv)) return new Float64Array(wavelength.length).fill(NaN); // a failed fit
  const broaden = (options.vsini ?? 0) > 0 || (options.resolvingPower !== undefined && Number.isFinite(options.resolvingPower));
  const fixed = emulator.wavelength.fixed;
  const grid = fixed ?? (broaden ? restGrid(rest, emulator.wavelength) : rest);
  let flux: ArrayLike<number> = tf.tidy(() => {
    const x = tf.tensor2d([labels]);
    return (fixed ? emulator.predict(x) : emulator.predict(x, grid)).dataSync();
  });
  if ((options.vsini ?? 0) > 0) flux = broadenRotational(grid, flux, options.vsini!, options.limbDarkening);
  if (options.resolvingPower !== undefined && Number.isFinite(options.resolvingPower)) flux = broadenGaussian(grid, flux, options.resolvingPower);
  const model = grid === rest ? Float64Array.from(flux) : interpolateLinear(rest, grid, flux, { fill: NaN });
  const coef = result.continuum[0];
  if (coef && coef.length > 0) {
    const a = wavelength[0]!;
    const b = wavelength[wavelength.length - 1]!;
    for (let j = 0; j < model.length; j++) {
      const x = b > a ? (2 * (wavelength[j]! - a)) / (b - a) - 1 : 0;
      model[j] *= coef.reduce((s, c, d) => s + c * x ** d, 0);
    }
  }
  return model;
}

/** A log-uniform rest grid over the observed span (± 1 %, inside the domain), OVERSAMPLE × the observed pixels. */
function restGrid(rest: Float64Array, domain: { min: number; max: number }): Float64Array {
  const lo = Math.max(domain.min, rest[0]! * 0.99);
  const hi = Math.min(domain.max, rest[rest.length - 1]! * 1.01);
  const n = Math.max(2, OVERSAMPLE * rest.length);
  const step = Math.log(hi / lo) / (n - 1);
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo * Math.exp(i * step)));
}
