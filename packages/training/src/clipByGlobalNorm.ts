import * as tf from '@tensorflow/tfjs';
import { describe, TrainingError } from './errors';

export interface ClippedGradients {
  /** New tensors (the inputs are not disposed); the caller owns them. */
  grads: tf.Tensor[];
  /** √(Σ_i ‖g_i‖²) before clipping; the caller owns it. */
  globalNorm: tf.Scalar;
}

/**
 * Scales all gradients together so that their global L2 norm is at most `maxNorm`
 * (optax.clip_by_global_norm): g_i ← g_i · maxNorm / n when n = √(Σ‖g_i‖²) > maxNorm, else unchanged.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0 && Number.isFinite(maxNorm))) {
    throw new TrainingError(
      `clipByGlobalNorm: argument 'maxNorm' must be a finite number > 0; got ${describe(maxNorm)}`,
    );
  }
  return tf.tidy(() => {
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    const globalNorm = tf.sqrt(squares.length ? tf.addN(squares) : tf.scalar(0)) as tf.Scalar;
    const scale = tf.div(maxNorm, tf.maximum(globalNorm, maxNorm));
    return { grads: grads.map((g) => tf.mul(g, scale)), globalNorm };
  }) as unknown as ClippedGradients;
}
