import type { NativeBlas } from './loadNativeBlas';
import type { MatMulPlan } from './matMulPlan';

/**
 * out[i] = op(a[i or 0]) · op(b[i or 0]) for every batch entry, row-major and dense. When only A is batched and not
 * transposed, the batch folds into one GEMM of batch·M rows (the usual dense layer on [B, L, D] inputs).
 */
export function gemmBatched(
  blas: NativeBlas,
  plan: MatMulPlan,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
): void {
  const { M, N, K, transA, transB, batch, batchA, batchB } = plan;
  if (out.length === 0) return;
  const lda = transA ? M : K;
  const ldb = transB ? K : N;
  if (batch === 1 || (batchB === 1 && !transA)) {
    blas.sgemm(transA, transB, M * batch, N, K, 1, a, Math.max(lda, 1), b, Math.max(ldb, 1), 0, out, N);
    return;
  }
  const aStep = batchA === 1 ? 0 : M * K;
  const bStep = batchB === 1 ? 0 : K * N;
  const cStep = M * N;
  for (let i = 0; i < batch; i++) {
    blas.sgemm(
      transA,
      transB,
      M,
      N,
      K,
      1,
      a.subarray(i * aStep, i * aStep + M * K),
      Math.max(lda, 1),
      b.subarray(i * bStep, i * bStep + K * N),
      Math.max(ldb, 1),
      0,
      out.subarray(i * cStep, i * cStep + cStep),
      N,
    );
  }
}
