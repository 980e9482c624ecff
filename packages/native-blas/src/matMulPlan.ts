import * as tf from '@tensorflow/tfjs';

/** How one BatchMatMul / _FusedMatMul call maps onto row-major GEMMs. */
export interface MatMulPlan {
  /** Rows of op(A) and of the output. */
  M: number;
  /** Columns of op(B) and of the output. */
  N: number;
  /** Inner dimension. */
  K: number;
  transA: boolean;
  transB: boolean;
  /** Product of A's / B's leading (batch) dimensions; each is 1 or equal to `batch`. */
  batchA: number;
  batchB: number;
  batch: number;
  /** Broadcast batch dimensions followed by [M, N] (the shape the wasm kernels return). */
  outShape: number[];
}

/**
 * Mirror the shape logic of tfjs-backend-wasm's BatchMatMul / _FusedMatMul; `undefined` when the native path does
 * not apply (not float32, rank < 2, inner sizes differ, batch dims that are neither equal nor one of them 1) so
 * the caller falls back to the original kernel, which raises tfjs's own errors.
 */
export function planMatMul(
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): MatMulPlan | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2) return undefined;
  const K = transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1];
  const kB = transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2];
  if (K !== kB) return undefined;
  const M = transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2];
  const N = transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1];
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return undefined;
  }
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  const batch = tf.util.sizeFromShape(outer);
  if (batch !== Math.max(batchA, batchB)) return undefined; // e.g. [6,1] × [1,6]: a true 2-D broadcast
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  return { M, N, K, transA: transposeA, transB: transposeB, batchA, batchB, batch, outShape: [...outer, M, N] };
}
