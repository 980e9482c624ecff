import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { broadenGaussian, broadenRotational, dopplerFactor, interpolateLinear } from '@astroemu/grid-io';
import type { FitOptions, FitResult } from '@astroemu/inference';

/**
 * The observation settings of a fit that its model must repeat: FitOptions' resolvingPower, vsini, limbDarkening,
 * and the continuum segments [a, b] (Å; FitOptions.continuum.segments), one polynomial each (default: one segment
 * across the spectrum).
 */
export type ModelFluxOptions = Pick<FitOptions, 'resolvingPower' | 'vsini' | 'limbDarkening'> & {
  segments?: readonly (readonly [number, number])[];
};

/** Rest pixels per observed pixel where a wavelength-conditioned emulator must be broadened on a grid of its own. */
const OVERSAMPLE = 4;

/**
 * The fitted model on the observed pixels, as @astroemu/inference defines it: the emulator at the
 * fitted labels in the rest frame, broadened by rotation (v sin i) then the Gaussian LSF (R) when the fit
 * used them, Doppler-shifted by the fitted rv (rest λ = observed λ / D(v)), times the continuum
 * polynomial of each continuum segment, Σ c_d x^d with x ∈ [−1, 1] across the segment. NaN outside the emulator,
 * outside every segment, and everywhere for a failed fit (non-finite labels or rv).
 */
export function modelFlux(
  emulator: Emulator,
  result: FitResult,
  wavelength: Float64Array,
  options: ModelFluxOptions = {},
): Float64Array {
  const rest = wavelength.map((w) => w / dopplerFactor(result.rv));
  const labels = emulator.labels.map((l) => result.labels[l.name] ?? NaN);
  if (!labels.every(Number.isFinite) || !Number.isFinite(result.rv))
    return new Float64Array(wavelength.length).fill(NaN); // a failed fit
  const broaden =
    (options.vsini ?? 0) > 0 || (options.resolvingPower !== undefined && Number.isFinite(options.resolvingPower));
  const fixed = emulator.wavelength.fixed;
  const grid = fixed ?? (broaden ? restGrid(rest, emulator.wavelength) : rest);
  let flux: ArrayLike<number> = tf.tidy(() => {
    const x = tf.tensor2d([labels]);
    return (fixed ? emulator.predict(x) : emulator.predict(x, grid)).dataSync();
  });
  if ((options.vsini ?? 0) > 0) flux = broadenRotational(grid, flux, options.vsini!, options.limbDarkening);
  if (options.resolvingPower !== undefined && Number.isFinite(options.resolvingPower))
    flux = broadenGaussian(grid, flux, options.resolvingPower);
  const model = grid === rest ? Float64Array.from(flux) : interpolateLinear(rest, grid, flux, { fill: NaN });
  if (result.continuum.length === 0 || result.continuum[0]!.length === 0) return model;
  const segments = options.segments ?? [[wavelength[0]!, wavelength[wavelength.length - 1]!] as const];
  for (let j = 0; j < model.length; j++) {
    const w = wavelength[j]!;
    const k = segments.findIndex(([a, b]) => w >= a && w <= b);
    const coef = k < 0 ? undefined : result.continuum[k];
    if (coef === undefined) {
      model[j] = NaN; // outside every segment: the fit has no continuum there
      continue;
    }
    const [a, b] = segments[k]!;
    const x = b > a ? (2 * (w - a)) / (b - a) - 1 : 0;
    model[j]! *= coef.reduce((sum, c, d) => sum + c * x ** d, 0);
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
