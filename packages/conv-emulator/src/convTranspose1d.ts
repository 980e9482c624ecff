import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@astroemu/emulator-core';
import { correlate1d } from './correlate1d';

/**
 * 1-D transposed convolution with stride 2 and 'SAME' padding, with Flax `nn.ConvTranspose` semantics
 * (jax.lax.conv_transpose, transpose_kernel = False): the input is dilated by 2, padded with
 * (pad_a, pad_b) = (⌈(k+s−2)/2⌉, ⌊(k+s−2)/2⌋) zeros (k > s−1), then correlated with the kernel as stored (no flip).
 * Output length = 2 · input length. Written exactly that way (dilate → pad → correlate1d), so that its gradients
 * exist on every backend.
 *
 * x [B, n, cIn], kernel [k, cIn, cOut] (Flax layout), bias [cOut] → [B, 2n, cOut].
 */
export function convTranspose1d(x: tf.Tensor3D, kernel: tf.Tensor3D, bias?: tf.Tensor1D): tf.Tensor3D {
  const [B, n, cIn] = x.shape;
  const [k, kIn, cOut] = kernel.shape;
  if (kIn !== cIn) {
    throw new ShapeError(
      `convTranspose1d: kernel [k, ${kIn}, ${cOut}] expects ${kIn} input channels; got x [${x.shape.join(', ')}]`,
    );
  }
  return tf.tidy(() => {
    // dilate: x0 0 x1 0 … x(n−1) (2n − 1 samples)
    const interleaved = tf.stack([x, tf.zerosLike(x)], 2).reshape([B, 2 * n, cIn]);
    const dilated = tf.slice(interleaved, [0, 0, 0], [B, 2 * n - 1, cIn]) as tf.Tensor3D;
    const padded = tf.pad(dilated, [
      [0, 0],
      [Math.ceil(k / 2), Math.floor(k / 2)],
      [0, 0],
    ]) as tf.Tensor3D; // s = 2
    const y = correlate1d(padded, kernel);
    return bias ? (y.add(bias) as tf.Tensor3D) : y;
  });
}
