import * as tf from '@tensorflow/tfjs';
import { SPEED_OF_LIGHT_KMS } from '@astroemu/grid-io';
import { interpolateTensor } from './interpolateTensor';

/** Float32 ln-λ coordinates of a grid relative to a reference wavelength (computed in float64). */
export function logWavelengthOffsets(wavelength: ArrayLike<number>, reference: number): Float32Array {
  return Float32Array.from(wavelength, (w) => Math.log(w / reference));
}

/**
 * Differentiable Doppler shift, the tfjs twin of grid-io's `dopplerShift`: the rest-frame model
 * flux [R, N] on `restWavelength` is evaluated at observed pixels λ_obs as
 * f(λ_obs / D(v)), D(v) = sqrt((1 + v/c)/(1 − v/c)) (positive v = redshift), by linear
 * interpolation. Works in ln λ (ln(λ_obs/D) = ln λ_obs − atanh(v/c)) relative to the first rest
 * pixel, so float32 keeps ~0.005 km/s resolution. `observed` is one grid for all rows [K], or
 * per-row offsets [R, K] from {@link logWavelengthOffsets} with reference restWavelength[0].
 * Differentiable in flux and in v (km/s, [R]).
 */
export function dopplerShiftTensor(
  restWavelength: Float64Array,
  flux: tf.Tensor2D,
  observed: Float64Array | tf.Tensor2D,
  velocityKms: tf.Tensor1D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.tensor1d(logWavelengthOffsets(restWavelength, restWavelength[0]));
    const R = flux.shape[0];
    const q0 =
      observed instanceof Float64Array
        ? tf.tile(tf.tensor2d(logWavelengthOffsets(observed, restWavelength[0]), [1, observed.length]), [R, 1])
        : observed;
    const shift = tf.atanh(velocityKms.div(SPEED_OF_LIGHT_KMS)).reshape([R, 1]);
    return interpolateTensor(x, flux, q0.sub(shift) as tf.Tensor2D);
  });
}
