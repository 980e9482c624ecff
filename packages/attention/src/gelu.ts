import * as tf from '@tensorflow/tfjs';

/** Exact GELU: x · ½ · (1 + erf(x / √2)) (PyTorch's default, `jax.nn.gelu(approximate=False)`). */
export function geluExact(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

/**
 * tanh approximation of GELU, as `jax.nn.gelu` / Flax `nn.gelu` (their default, approximate=True):
 * ½ · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).
 */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}

/** GELU; `approximate: true` gives the tanh form (Flax default), false (default here) the exact erf form. */
export function gelu(x: tf.Tensor, opts: { approximate?: boolean } = {}): tf.Tensor {
  return opts.approximate === true ? geluTanh(x) : geluExact(x);
}
