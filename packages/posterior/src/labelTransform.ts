import * as tf from '@tensorflow/tfjs';

/**
 * The samplers move in an unconstrained space z ∈ ℝ: a label bounded on both sides is x = a + (b − a)·σ(z)
 * (log-Jacobian log(b − a) + log σ(z) + log σ(−z)); bounded below x = a + eᶻ, above x = b − eᶻ (log-Jacobian z);
 * unbounded x = z. This keeps every proposal inside the prior box, so NUTS never steps off the emulator's domain.
 */
export interface Bounds {
  min: number;
  max: number;
}

/** Host-side z → x (float64). */
export function toPhysical(b: Bounds, z: number): number {
  const lo = Number.isFinite(b.min);
  const hi = Number.isFinite(b.max);
  if (lo && hi) return b.min + (b.max - b.min) / (1 + Math.exp(-z));
  if (lo) return b.min + Math.exp(z);
  if (hi) return b.max - Math.exp(z);
  return z;
}

/** Host-side x → z (float64); x must lie strictly inside the bounds. */
export function toUnconstrained(b: Bounds, x: number): number {
  const lo = Number.isFinite(b.min);
  const hi = Number.isFinite(b.max);
  if (lo && hi) {
    const u = (x - b.min) / (b.max - b.min);
    return Math.log(u / (1 - u));
  }
  if (lo) return Math.log(x - b.min);
  if (hi) return Math.log(b.max - x);
  return x;
}

/** tfjs z → x for one label column [N], and the log-Jacobian |dx/dz| [N]. */
export function toPhysicalTensor(b: Bounds, z: tf.Tensor1D): { x: tf.Tensor1D; logJacobian: tf.Tensor1D } {
  const lo = Number.isFinite(b.min);
  const hi = Number.isFinite(b.max);
  if (lo && hi) {
    const x = tf.add(b.min, tf.mul(b.max - b.min, tf.sigmoid(z))) as tf.Tensor1D;
    // log σ(z) + log σ(−z) = −softplus(−z) − softplus(z)
    const logJacobian = tf.sub(Math.log(b.max - b.min), tf.add(tf.softplus(tf.neg(z)), tf.softplus(z))) as tf.Tensor1D;
    return { x, logJacobian };
  }
  if (lo) return { x: tf.add(b.min, tf.exp(z)) as tf.Tensor1D, logJacobian: z };
  if (hi) return { x: tf.sub(b.max, tf.exp(z)) as tf.Tensor1D, logJacobian: z };
  return { x: z, logJacobian: tf.zerosLike(z) };
}
