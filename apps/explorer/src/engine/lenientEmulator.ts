import type * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';

type PredictWithOptions = (labels: tf.Tensor2D, wavelength?: tf.Tensor1D | Float64Array, opts?: { extrapolate?: boolean; warn?: (m: string) => void }) => tf.Tensor2D;

/**
 * The same emulator, predicting with `{ extrapolate: true }` (silently). Workaround for @astroemu/inference:
 * its Levenberg–Marquardt forward-difference Jacobian steps 1e-3 (scaled) past a label's upper bound when the
 * fit sits at the bound, and the emulators' domain check then throws a DomainError that fails the whole fit.
 */
export function lenientEmulator(e: Emulator): Emulator {
  const predict = (e.predict as PredictWithOptions).bind(e);
  return {
    kind: e.kind,
    labels: e.labels,
    wavelength: e.wavelength,
    predict: (labels, wavelength) => predict(labels, wavelength, { extrapolate: true, warn: () => {} }),
    trainableVariables: () => e.trainableVariables(),
    parameterCount: () => e.parameterCount(),
    config: () => e.config(),
    weights: () => e.weights(),
    dispose: () => e.dispose(),
  };
}
