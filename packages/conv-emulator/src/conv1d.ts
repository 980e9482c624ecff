import * as tf from '@tensorflow/tfjs';
import { correlate1d } from './correlate1d';

/**
 * Stride-1 'SAME' 1-D convolution (Flax `nn.Conv`: a correlation) with bias: x [B, n, cIn], kernel [k, cIn, cOut].
 * 'SAME' pads ⌊(k − 1)/2⌋ zeros before and ⌈(k − 1)/2⌉ after, as tf.conv1d and Flax do.
 */
export function conv1d(x: tf.Tensor3D, kernel: tf.Tensor3D, bias?: tf.Tensor1D): tf.Tensor3D {
  const k = kernel.shape[0];
  return tf.tidy(() => {
    const padded =
      k === 1
        ? x
        : (tf.pad(x, [
            [0, 0],
            [Math.floor((k - 1) / 2), Math.ceil((k - 1) / 2)],
            [0, 0],
          ]) as tf.Tensor3D);
    const y = correlate1d(padded, kernel);
    return bias ? (y.add(bias) as tf.Tensor3D) : y;
  });
}
