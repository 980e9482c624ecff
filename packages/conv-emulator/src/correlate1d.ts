import * as tf from '@tensorflow/tfjs';
import { matMul } from '@astroemu/attention';

/**
 * 'VALID' 1-D correlation as one matrix product (im2col): z [B, n + k − 1, cIn], kernel [k, cIn, cOut] →
 * y [B, n, cOut] with y[t] = Σ_j z[t + j] · kernel[j].
 *
 * Built from slice, concat, reshape and a plain matMul, whose gradients every backend has: tf.conv1d's filter
 * gradient needs the Conv2DBackpropFilter kernel and tf.gather's gradient UnsortedSegmentSum, neither of which the
 * wasm backend (4.22) registers. The matMul's gradient uses explicit transposes (fast on wasm).
 */
export function correlate1d(z: tf.Tensor3D, kernel: tf.Tensor3D): tf.Tensor3D {
  const [B, length, cIn] = z.shape;
  const [k, , cOut] = kernel.shape;
  const n = length - k + 1;
  return tf.tidy(() => {
    const taps = Array.from({ length: k }, (_, j) => (k === 1 ? z : tf.slice(z, [0, j, 0], [B, n, cIn])));
    const columns = (k === 1 ? z : tf.concat(taps, 2)).reshape([B * n, k * cIn]) as tf.Tensor2D; // [B·n, k·cIn], tap-major
    const y = matMul(columns, kernel.reshape([k * cIn, cOut]) as tf.Tensor2D);
    return y.reshape([B, n, cOut]) as tf.Tensor3D;
  });
}
