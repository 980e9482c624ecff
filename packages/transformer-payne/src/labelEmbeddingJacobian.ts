import * as tf from '@tensorflow/tfjs';
import { activate, matMul } from '@astroemu/attention';
import { DomainError, ShapeError, scaleLabels } from '@astroemu/emulator-core';
import type { TransformerPayne } from './transformerPayne';

export interface LabelEmbeddingJacobianOptions {
  /** 'mean' (default): mean over label vectors of ∂p_emb/∂p; 'meanAbs': mean of |∂p_emb/∂p|. */
  reduce?: 'mean' | 'meanAbs';
  /** Differentiate w.r.t. the scaled labels p ∈ [-0.5, 0.5] (default, as the paper) or the physical labels. */
  withRespectTo?: 'scaled' | 'physical';
}

/**
 * Jacobian of the label embedding (the T tokens, before the per-block LayerNorm) with respect to the labels,
 * averaged over label vectors [N, L] (physical units) — the paper's Fig. 9. Returns [T, d, L]:
 * J[t, c, l] = mean_n ∂p_emb[n, t, c] / ∂p[n, l]. Exact: p_emb = W₂ᵀ act(W₁ᵀ p + b₁) + b₂ gives
 * J_n = W₁ · diag(act′(h_n)) · W₂ with act′ from tf.grad of the elementwise activation.
 */
export function labelEmbeddingJacobian(
  model: TransformerPayne,
  labels: tf.Tensor2D,
  opts: LabelEmbeddingJacobianOptions = {},
): tf.Tensor3D {
  const who = 'labelEmbeddingJacobian';
  const L = model.labels.length;
  if (labels.rank !== 2 || labels.shape[1] !== L || labels.shape[0] < 1) {
    throw new ShapeError(
      `Argument 'labels' passed to '${who}' must have shape [N ≥ 1, ${L}]; got [${labels.shape.join(', ')}]`,
    );
  }
  const reduce = opts.reduce ?? 'mean';
  if (reduce !== 'mean' && reduce !== 'meanAbs')
    throw new DomainError(`Option 'reduce' passed to '${who}' must be 'mean' or 'meanAbs'; got '${String(reduce)}'`);
  const { tokens: T, dim, activation } = model.architecture;
  const { input, tokens } = model.layers;
  return tf.tidy(() => {
    const h = input.apply(scaleLabels(labels, model.labels)); // [N, H]
    const slope = tf.grad((x: tf.Tensor) => tf.sum(activate(x, activation)))(h); // act′(h) [N, H]
    const w1 = input.params.kernel as tf.Tensor2D; // [L, H]
    const w2 = tokens.params.kernel as tf.Tensor2D; // [H, T·d]
    let j: tf.Tensor2D; // [L, T·d]
    if (reduce === 'mean') {
      j = matMul(tf.mul(w1, tf.mean(slope, 0)) as tf.Tensor2D, w2);
    } else {
      const n = labels.shape[0];
      const perSample = tf.unstack(slope).map((s) => tf.abs(matMul(tf.mul(w1, s) as tf.Tensor2D, w2)));
      j = tf.div(tf.addN(perSample), n) as tf.Tensor2D;
    }
    if ((opts.withRespectTo ?? 'scaled') === 'physical') {
      j = tf.div(
        j,
        tf.tensor2d(
          model.labels.map((l) => l.max - l.min),
          [L, 1],
        ),
      ) as tf.Tensor2D;
    }
    return j.reshape([L, T, dim]).transpose([1, 2, 0]) as tf.Tensor3D;
  });
}
