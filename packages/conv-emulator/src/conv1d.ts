import * as tf from '@tensorflow/tfjs';

/** Stride-1 'SAME' 1-D convolution (Flax `nn.Conv`: a correlation) with bias: x [B, n, cIn], kernel [k, cIn, cOut]. */
export function conv1d(x: tf.Tensor3D, kernel: tf.Tensor3D, bias?: tf.Tensor1D): tf.Tensor3D {
  return tf.tidy(() => {
    const y = tf.conv1d(x, kernel, 1, 'same');
    return bias ? (y.add(bias) as tf.Tensor3D) : y;
  });
}
