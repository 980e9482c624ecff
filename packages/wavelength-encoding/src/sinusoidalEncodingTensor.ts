import * as tf from '@tensorflow/tfjs';
import type { SinusoidalEncodingOptions } from './encodingPeriods';
import { sinusoidalEncoding } from './sinusoidalEncoding';

/** {@link sinusoidalEncoding} as a float32 tf.Tensor2D of shape [M, dim] (computed on the host in float64). */
export function sinusoidalEncodingTensor(
  log10Wavelength: Float64Array | readonly number[],
  opts: SinusoidalEncodingOptions,
): tf.Tensor2D {
  const values = sinusoidalEncoding(log10Wavelength, opts);
  return tf.tensor2d(values, [log10Wavelength.length, opts.dim], 'float32');
}
