import * as tf from '@tensorflow/tfjs';
import { fusedGeluTanh } from './fusedWasmKernels';
import { useSharedWasmIdentity } from './sharedIdentity';

/** Exact GELU: x · ½ · (1 + erf(x / √2)) (PyTorch's default, `jax.nn.gelu(approximate=False)`). */
export function geluExact(x: tf.Tensor): tf.Tensor {
  useSharedWasmIdentity();
  return geluExactFused(x);
}

/** x·Φ(x) from plain tf ops, differentiated by tf's autodiff (the reference of the fused form). */
export function geluExactComposite(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

/** 2·√(2/π) and 2·√(2/π)·0.044715: the tanh GELU written with a sigmoid (see {@link geluTanh}). */
const GELU_TANH_C1 = 2 * Math.sqrt(2 / Math.PI);
const GELU_TANH_C3 = GELU_TANH_C1 * 0.044715;

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Exact GELU as one custom-gradient op: forward x·Φ(x) keeping Φ(x); backward dy·(Φ(x) + x·φ(x)),
 * φ(x) = exp(−x²/2)/√(2π) (5 kernels instead of tf's autodiff through erf and the products).
 */
const geluExactFused = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const cdf = tf.mul(tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))), 0.5);
  save([x, cdf]);
  return {
    value: tf.mul(x, cdf),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sc] = saved as [tf.Tensor, tf.Tensor];
      const pdf = tf.exp(tf.mul(tf.square(sx), -0.5));
      return [tf.mul(dy, tf.add(sc, tf.mul(sx, tf.mul(pdf, INV_SQRT_2PI))))];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/**
 * tanh approximation of GELU, as `jax.nn.gelu` / Flax `nn.gelu` (their default, approximate=True):
 * ½ · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))), computed as the identical x · sigmoid(x · (c₁ + c₃ · x²))
 * (½(1 + tanh u) = sigmoid(2u)): on wasm, tanh and pow are scalar loops and the sigmoid form is ≈ 5× faster.
 */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  useSharedWasmIdentity();
  return fusedGeluTanh(x) ?? geluTanhFused(x);
}

/** The tanh GELU from plain tf ops, differentiated by tf's autodiff (the reference of the fused form). */
export function geluTanhComposite(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(tf.mul(x, tf.add(tf.mul(tf.square(x), GELU_TANH_C3), GELU_TANH_C1)))));
}

/**
 * The tanh GELU as one custom-gradient op: forward x·s, s = σ(x·(c₁ + c₃x²)), keeping x and s; backward
 * dy·(s + x·s·(1 − s)·(c₁ + 3c₃x²)): no transcendental in the backward, 8 kernels instead of the ≈ 15 of tf's
 * autodiff through the composite (its Square and Sigmoid gradients, the casts and the scalar broadcasts).
 */
const geluTanhFused = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const s = tf.sigmoid(tf.mul(x, tf.add(tf.mul(tf.square(x), GELU_TANH_C3), GELU_TANH_C1)));
  save([x, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, ss] = saved as [tf.Tensor, tf.Tensor];
      const slope = tf.add(tf.mul(tf.square(sx), 3 * GELU_TANH_C3), GELU_TANH_C1);
      return [tf.mul(dy, tf.add(ss, tf.mul(tf.mul(sx, tf.mul(ss, tf.sub(1, ss))), slope)))];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/** GELU; `approximate: true` gives the tanh form (Flax default), false (default here) the exact erf form. */
export function gelu(x: tf.Tensor, opts: { approximate?: boolean } = {}): tf.Tensor {
  return opts.approximate === true ? geluTanh(x) : geluExact(x);
}
