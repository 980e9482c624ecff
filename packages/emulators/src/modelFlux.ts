import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { dopplerFactor, interpolateLinear } from '@astroemu/grid-io';
import type { FitResult } from '@astroemu/inference';

/**
 * The fitted model on the observed pixels, as @astroemu/inference defines it: the emulator at the
 * fitted labels, Doppler-shifted by the fitted rv (rest λ = observed λ / D(v)), times the continuum
 * polynomial Σ c_d x^d with x ∈ [−1, 1] across the spectrum (one segment). NaN outside the emulator.
 */
export function modelFlux(emulator: Emulator, result: FitResult, wavelength: Float64Array): Float64Array {
  const rest = wavelength.map((w) => w / dopplerFactor(result.rv));
  const labels = emulator.labels.map((l) => result.labels[l.name] ?? NaN);
  const fixed = emulator.wavelength.fixed;
  const predicted = tf.tidy(() => {
    const x = tf.tensor2d([labels]);
    return (fixed ? emulator.predict(x) : emulator.predict(x, rest)).dataSync();
  });
  const model = fixed ? interpolateLinear(rest, fixed, predicted, { fill: NaN }) : Float64Array.from(predicted);
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
