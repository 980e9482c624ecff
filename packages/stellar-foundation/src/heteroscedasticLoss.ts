import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@astroemu/emulator-core';

/**
 * Robust heteroscedastic MSE of Leung & Bovy (2023, Sect. 3.3), averaged over entries (with optional weights):
 *   L = (ŷ − y)² / (2 e^s) + s / 2,   s = ln(σ_known² + e^{s_pred})
 * so the network learns its own variance σ_pred² = e^{s_pred} on top of the known measurement variance.
 * All arguments have the same shape; `weights` (e.g. 0 for padded requests) defaults to ones.
 */
export function heteroscedasticLoss(
  mean: tf.Tensor,
  logVariance: tf.Tensor,
  target: tf.Tensor,
  knownSigma: tf.Tensor,
  weights?: tf.Tensor,
): tf.Scalar {
  for (const [name, t] of [
    ['logVariance', logVariance],
    ['target', target],
    ['knownSigma', knownSigma],
    ['weights', weights],
  ] as const) {
    if (t !== undefined && t.shape.join() !== mean.shape.join()) {
      throw new ShapeError(
        `heteroscedasticLoss: '${name}' must have the shape of 'mean' [${mean.shape.join(', ')}]; got [${t.shape.join(', ')}]`,
      );
    }
  }
  return tf.tidy(() => {
    const s = tf.log(tf.add(tf.square(knownSigma), tf.exp(logVariance)));
    const perEntry = tf.add(tf.div(tf.square(tf.sub(mean, target)), tf.mul(2, tf.exp(s))), tf.mul(0.5, s));
    if (weights === undefined) return tf.mean(perEntry) as tf.Scalar;
    return tf.div(tf.sum(tf.mul(perEntry, weights)), tf.maximum(tf.sum(weights), 1e-12)) as tf.Scalar;
  });
}
