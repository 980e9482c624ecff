import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@astroemu/emulator-core';

/**
 * 1-D transposed convolution with stride 2 and 'SAME' padding, with Flax `nn.ConvTranspose` semantics
 * (jax.lax.conv_transpose, transpose_kernel = False): the input is dilated by 2, padded with
 * (pad_a, pad_b) = (⌈(k+s−2)/2⌉, ⌊(k+s−2)/2⌋) zeros (k > s−1), then correlated with the kernel as stored (no flip).
 * Output length = 2 · input length.
 *
 * tf.conv2dTranspose is the gradient of a convolution, i.e. a correlation with the spatially flipped kernel with
 * in/out swapped; with padding 'same' its offsets match Flax's for stride 2, so Flax(K) = tf(flip(K)).
 *
 * x [B, n, cIn], kernel [k, cIn, cOut] (Flax layout), bias [cOut] → [B, 2n, cOut].
 */
export function convTranspose1d(x: tf.Tensor3D, kernel: tf.Tensor3D, bias?: tf.Tensor1D): tf.Tensor3D {
  const [B, n, cIn] = x.shape;
  const [, kIn, cOut] = kernel.shape;
  if (kIn !== cIn) {
    throw new ShapeError(`convTranspose1d: kernel [k, ${kIn}, ${cOut}] expects ${kIn} input channels; got x [${x.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const filter = tf.reverse(kernel, 0).transpose([0, 2, 1]).expandDims(0) as tf.Tensor4D; // [1, k, cOut, cIn]
    const y = tf.conv2dTranspose(x.expandDims(1) as tf.Tensor4D, filter, [B, 1, 2 * n, cOut], [1, 2], 'same');
    const out = y.reshape([B, 2 * n, cOut]) as tf.Tensor3D;
    return bias ? (out.add(bias) as tf.Tensor3D) : out;
  });
}
