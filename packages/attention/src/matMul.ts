import * as tf from '@tensorflow/tfjs';
import { hostBlas } from '@astroemu/backend';
import { ShapeError, formatShape } from './errors';
import {
  fusedMatMulTN,
  fusedSmallBatchedMatMul,
  fusedSumRows,
  fusedTransposeLast2,
  fusedWasmKernelsReady,
} from './fusedWasmKernels';
import { wasmBatchedMatMul, wasmTransposeLast2 } from './wasmHeapKernels';

/**
 * Σ over every leading axis of x [..., N] → [N]. On wasm one SIMD kernel when N is a multiple of 4
 * (fusedWasmKernels.ts: the host loop below cost ≈ 7 % of a tiny TransformerPayne training step), else a host loop over a view of the heap (float64 sums; measured
 * inside a tiny TransformerPayne training step: 15 such sums cost ≈ 11 ms as one-row products ones [1, R] · x, whose
 * XNNPACK path packs all of x, ≈ 9 ms as tf.sum over axis 0, which transposes first, and ≈ 1 ms as this loop);
 * elsewhere the one-row product. Differentiable (its gradient broadcasts dy back to x's shape).
 */
export function sumRows(x: tf.Tensor): tf.Tensor1D {
  const fused = fusedSumRows(x);
  if (fused !== undefined) return fused as tf.Tensor1D;
  if (x.dtype === 'float32' && heapView(x) !== undefined) return sumRowsHost(x) as tf.Tensor1D;
  return tf.tidy(() => {
    const N = x.shape[x.rank - 1]!;
    const rows = (x.rank === 2 ? x : tf.reshape(x, [-1, N])) as tf.Tensor2D;
    return tf.reshape(product(tf.ones([1, rows.shape[0]]), rows), [N]) as tf.Tensor1D;
  });
}

/** A float32 tensor's values as a view of the wasm heap (undefined on other backends). */
function heapView(x: tf.Tensor): Float32Array | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (t: tf.Tensor) => Float32Array };
  return typeof backend.typedArrayFromHeap === 'function' ? backend.typedArrayFromHeap(x) : undefined;
}

const sumRowsHost = tf.customGrad(((x: tf.Tensor) => {
  const N = x.shape[x.rank - 1]!;
  const v = heapView(x)!;
  const acc = new Float64Array(N);
  const R = v.length / N;
  for (let r = 0, o = 0; r < R; r++, o += N) for (let j = 0; j < N; j++) acc[j]! += v[o + j]!;
  return {
    value: tf.tensor1d(Float32Array.from(acc)),
    gradFunc: (dy: tf.Tensor) => tf.broadcastTo(dy, x.shape),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/**
 * a · b (no transposes) for a [..., n, k], b [..., k, m] with equal leading axes: on wasm and cpu straight to their
 * BatchMatMul kernel, which takes any rank ≥ 2 (tf.matMul wraps it in three Reshape kernels, ≈ 300 per
 * TransformerPayne training step); elsewhere tf.matMul.
 */
function product(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const backend = tf.getBackend();
  if ((backend !== 'wasm' && backend !== 'cpu') || a.dtype !== 'float32' || b.dtype !== 'float32')
    return tf.matMul(a, b);
  if (a.rank === 3 && a.shape[0]! > 1 && b.shape[0] === a.shape[0]) {
    // small slices (tiny TransformerPayne's attention, ≤ 2^17 multiply-adds each): one SIMD loop, 4–10× faster
    // than a XNNPACK call per slice; larger ones (small preset: [1 024, 64] · [64, 32]) are as fast or faster there
    const small = a.shape[1]! * a.shape[2]! * b.shape[2]! <= 1 << 17;
    const batched = (small ? fusedSmallBatchedMatMul(a, b) : undefined) ?? wasmBatchedMatMul(a, b);
    if (batched !== undefined) return batched;
  }
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
  if (transposeA && !transposeB) {
    // aᵀ·b (a weight gradient xᵀ·dY) as one SIMD kernel on wasm: no transpose of x, no XNNPACK packing of dY;
    // measured on [6 352, 128]ᵀ·[6 352, 32]: 1.2 ms against 2.5 ms (transpose + product) or 1.6 ms ((bᵀ·a)ᵀ)
    const fused = fusedMatMulTN(a, b);
    if (fused !== undefined) return fused;
  }
  const widening = a.rank === 2 && b.shape[1]! > a.shape[1]! && a.shape[0]! >= 1024;
  if (transposeA && !transposeB && widening && fusedWasmKernelsReady()) {
    // aᵀ·b [k, n] with n > k (a weight gradient xᵀ·dY of a widening layer) as (bᵀ·a)ᵀ: XNNPACK packs the right
    // operand on every call, and packing a [6 352, 32] is 4× cheaper than b [6 352, 128] (≈ 3.7 ms → ≈ 2.3 ms);
    // with few rows (the label MLP) the two extra transposes would cost more than they save
    return swapLast2(product(swapLast2(b), a));
  }
  return product(transposeA ? swapLast2(a) : a, transposeB ? swapLast2(b) : b);
}

/**
 * transposeLast2 of the backward products (no gradient needed there): on wasm the SIMD kernel of fusedWasmKernels.ts
 * when both axes are multiples of 4. Otherwise: wasm's Transpose slows down ≈ 20× when the
 * row count is a multiple of a large power of two (its column writes then share cache sets: [8 192, 256] takes
 * ≈ 40 ms, [6 352, 128] 0.7 ms, measured in training steps), so such matrices go to the tiled heap kernel.
 */
function swapLast2(x: tf.Tensor): tf.Tensor {
  const fused = fusedTransposeLast2(x);
  if (fused !== undefined) return fused;
  const rows = x.shape[x.rank - 2]!;
  if (rows % 512 === 0 && x.size >= 65536) return wasmTransposeLast2(x) ?? transposeLast2(x);
  return transposeLast2(x);
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
