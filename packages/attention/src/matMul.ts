import * as tf from '@tensorflow/tfjs';
import { hostBlas } from '@astroemu/backend';
import { ShapeError, formatShape } from './errors';

/**
 * Σ over every leading axis of x [..., N] → [N], as the product ones [1, R] · x [R, N]: on wasm a Sum over axis 0
 * first transposes its input (the largest single cost of a small TransformerPayne training step, measured), a
 * one-row product does not.
 */
export function sumRows(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const N = x.shape[x.rank - 1]!;
    const rows = (x.rank === 2 ? x : tf.reshape(x, [-1, N])) as tf.Tensor2D;
    return tf.reshape(product(tf.ones([1, rows.shape[0]]), rows), [N]) as tf.Tensor1D;
  });
}

/**
 * a · b (no transposes) for a [..., n, k], b [..., k, m] with equal leading axes: on wasm and cpu straight to their
 * BatchMatMul kernel, which takes any rank ≥ 2 (tf.matMul wraps it in three Reshape kernels, ≈ 300 per
 * TransformerPayne training step); elsewhere tf.matMul.
 */
function product(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const backend = tf.getBackend();
  if ((backend !== 'wasm' && backend !== 'cpu') || a.dtype !== 'float32' || b.dtype !== 'float32')
    return tf.matMul(a, b);
  return tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA: false, transposeB: false }) as tf.Tensor;
}

/** x + bias (bias [N] broadcast over x [..., N]) whose bias gradient is {@link sumRows} (no transpose). */
export const addBias = tf.customGrad(((x: tf.Tensor, bias: tf.Tensor) => ({
  value: tf.add(x, bias),
  gradFunc: (dy: tf.Tensor) => [dy, sumRows(dy)],
})) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, bias: tf.Tensor) => tf.Tensor;

/**
 * op(a)ᵀ-style products of the backward pass: with the native OpenBLAS accelerator on, matMul's transpose flags (sgemm
 * transposes for free); on plain wasm, explicit transposes then a plain product (wasm's transposed matMul is slow).
 */
function productT(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  if (hostBlas() !== undefined) return tf.matMul(a, b, transposeA, transposeB);
  return product(transposeA ? transposeLast2(a) : a, transposeB ? transposeLast2(b) : b);
}

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
    value: product(a, b),
    // dA = dY · Bᵀ, dB = Aᵀ · dY with explicit transposes: on wasm, matMul(transposeA/B) is 10–60× slower.
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [productT(dy, sb, false, true), productT(sa, dy, true, false)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/**
 * a · b for a [..., n, k] and b [..., k, m] with identical leading (batch) axes, whose gradient uses
 * tf.transpose then a plain matMul (tfjs's own gradient uses transposeA/B, which is slow on wasm).
 */
export function matMul<R extends tf.Rank>(a: tf.Tensor<R>, b: tf.Tensor<R>): tf.Tensor<R> {
  if (a.rank < 2 || a.rank !== b.rank) {
    throw new ShapeError(
      `matMul: operands must have the same rank ≥ 2; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const r = a.rank;
  if (a.shape[r - 1] !== b.shape[r - 2] || a.shape.slice(0, r - 2).join() !== b.shape.slice(0, r - 2).join()) {
    throw new ShapeError(
      `matMul: expected a [..., n, k] and b [..., k, m] with equal leading axes; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  return matMulWithPlainGrad(a, b) as tf.Tensor<R>;
}

const matMulBiasWithPlainGrad = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    // bias fused into the product (one pass less over the output on wasm and cpu)
    value: tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias }),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [productT(dy, sb, false, true), productT(sa, dy, true, false), sumRows(dy)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/**
 * a · b + bias for a [n, k], b [k, m], bias [m], with the bias fused into the product (tf.fused.matMul) and a
 * gradient that uses tf.transpose then a plain matMul, as {@link matMul}.
 */
export function matMulBias(a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0] || bias.rank !== 1 || bias.shape[0] !== b.shape[1]) {
    throw new ShapeError(
      `matMulBias: expected a [n, k], b [k, m] and bias [m]; got ${formatShape(a.shape)}, ${formatShape(b.shape)} and ${formatShape(bias.shape)}`,
    );
  }
  return matMulBiasWithPlainGrad(a, b, bias) as tf.Tensor2D;
}
