import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { broadenGaussian, broadenRotational, dopplerFactor, interpolateLinear } from '@astroemu/grid-io';
import type { FitResult } from '@astroemu/inference';

/** The observation settings of the fit that the model flux must repeat (fitSpectra's options of the same names). */
export interface ModelFluxOptions {
  /** Continuum segments [a, b] (Å), one polynomial each (default: one across the spectrum). */
  segments?: readonly (readonly [number, number])[];
  resolvingPower?: number;
  vsini?: number;
  limbDarkening?: number;
}

/**
 * The fitted model on the observed pixels, as @astroemu/inference defines it: the emulator at the
 * fitted labels, broadened like the fit (rotation at vsini, then the Gaussian LSF at resolvingPower, on the
 * emulator's grid — or on the shifted observed pixels for wavelength-conditioned emulators), Doppler-shifted by
 * the fitted rv (rest λ = observed λ / D(v)), times each segment's continuum polynomial Σ c_d x^d with x ∈ [−1, 1]
 * across the segment. NaN outside the emulator and outside every segment.
 */
export function modelFlux(emulator: Emulator, result: FitResult, wavelength: Float64Array, options: ModelFluxOptions = {}): Float64Array {
  const rest = wavelength.map((w) => w / dopplerFactor(result.rv));
  const labels = emulator.labels.map((l) => result.labels[l.name] ?? NaN);
  const fixed = emulator.wavelength.fixed;
  const grid = fixed ?? rest;
  let predicted: Float64Array = Float64Array.from(
    tf.tidy(() => {
      const x = tf.tensor2d([labels]);
      return (fixed ? emulator.predict(x) : emulator.predict(x, rest)).dataSync();
    }),
  );
  if (options.vsini !== undefined && options.vsini > 0) predicted = Float64Array.from(broadenRotational(grid, predicted, options.vsini, options.limbDarkening ?? 0.6));
  if (options.resolvingPower !== undefined && Number.isFinite(options.resolvingPower)) predicted = Float64Array.from(broadenGaussian(grid, predicted, options.resolvingPower));
  const model = fixed ? interpolateLinear(rest, fixed, predicted, { fill: NaN }) : predicted;
  if (result.continuum.length === 0 || result.continuum[0]!.length === 0) return model;
  const segments = options.segments ?? [[wavelength[0]!, wavelength[wavelength.length - 1]!] as const];
  for (let j = 0; j < model.length; j++) {
    const w = wavelength[j]!;
    const k = segments.findIndex(([a, b]) => w >= a && w <= b);
    const coef = result.continuum[k];
    if (k < 0 || !coef) {
      model[j] = NaN;
      continue;
    }
    const [a, b] = segments[k]!;
    const x = b > a ? (2 * (w - a)) / (b - a) - 1 : 0;
    model[j]! *= coef.reduce((s, c, d) => s + c * x ** d, 0);
  }
  return model;
}
