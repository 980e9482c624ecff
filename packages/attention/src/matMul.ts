import * as tf from '@tensorflow/tfjs';
import { ShapeError, formatShape } from './errors';

/** Swap the last two axes (the transpose a plain matMul needs). */
export function transposeLast2(x: tf.Tensor): tf.Tensor {
  const r = x.rank;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

const matMulWithPlainGrad = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    // dA = dY · Bᵀ, dB = Aᵀ · dY with explicit transposes: on wasm, matMul(transposeA/B) is 10–60× slower.
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(dy, transposeLast2(sb)), tf.matMul(transposeLast2(sa), dy)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/**
 * a · b for a [..., n, k] and b [..., k, m] with identical leading (batch) axes, whose gradient uses
 * tf.transpose then a plain matMul (tfjs's own gradient uses transposeA/B, which is slow on wasm).
 */
export function matMul<R extends tf.Rank>(a: tf.Tensor<R>, b: tf.Tensor<R>): tf.Tensor<R> {
  if (a.rank < 2 || a.rank !== b.rank) {
    throw new ShapeError(`matMul: operands must have the same rank ≥ 2; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const r = a.rank;
  if (a.shape[r - 1] !== b.shape[r - 2] || a.shape.slice(0, r - 2).join() !== b.shape.slice(0, r - 2).join()) {
    throw new ShapeError(
      `matMul: expected a [..., n, k] and b [..., k, m] with equal leading axes; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  return matMulWithPlainGrad(a, b) as tf.Tensor<R>;
}
