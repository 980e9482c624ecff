/**
 * Matrix products on host (JavaScript) arrays through the optional native OpenBLAS accelerator, for code that works
 * on plain typed arrays rather than tensors (e.g. the fitters' normal equations). Set by initBackend when it turns
 * the accelerator on; undefined otherwise (browser, no addon, accelerator off), and callers fall back to JavaScript.
 */
export interface HostBlas {
  /** Row-major C = alpha·op(A)·op(B) + beta·C (cblas_sgemm), float32, zero-copy on the arrays given. */
  sgemm(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: Float32Array,
    lda: number,
    B: Float32Array,
    ldb: number,
    beta: number,
    C: Float32Array,
    ldc: number,
  ): void;
  /**
   * out[outOffset + p·K + k] = (c0[k]·F[rowOffsets[p] + lo[k]] + c1[k]·F[rowOffsets[p] + lo[k] + 1] − base[k]) ·
   * scales[p] for p < rowOffsets.length, k < K = lo.length (a sparse two-tap interpolation of rows; absent in addons
   * built before it existed).
   */
  lerpRows?(
    F: Float32Array,
    rowOffsets: Int32Array,
    lo: Int32Array,
    c0: Float64Array,
    c1: Float64Array,
    base: Float64Array,
    scales: Float64Array,
    out: Float32Array,
    outOffset: number,
  ): void;
}

let current: { blas: HostBlas; enabled: () => boolean } | undefined;

/** The accelerator's host sgemm while it is on (initBackend turned it on and it was not disabled since), else undefined. */
export function hostBlas(): HostBlas | undefined {
  return current !== undefined && current.enabled() ? current.blas : undefined;
}

/** Set by initBackend when it turns the accelerator on: the addon and the switch that says whether it still is. */
export function setHostBlas(blas: HostBlas | undefined, enabled: () => boolean = () => true): void {
  current = blas === undefined ? undefined : { blas, enabled };
}
