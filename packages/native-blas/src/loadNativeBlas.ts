import { createRequire } from 'node:module';

/** The compiled addon (`build/Release/native_blas.node`, built by `npm run build:native`). */
export interface NativeBlas {
  /** Row-major `C = alpha·op(A)·op(B) + beta·C` (OpenBLAS `cblas_sgemm`); throws a TypeError on bad input. */
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
  /** In place: `C += bias` (length N repeated over rows, or length C.length), then 0 linear, 1 relu, 2 leakyrelu. */
  biasActivation(C: Float32Array, bias: Float32Array | null, N: number, activation: 0 | 1 | 2, alpha: number): void;
  /**
   * For p < P = rowOffsets.length, k < K = lo.length: out[outOffset + p·K + k] = (c0[k]·F[rowOffsets[p] + lo[k]] +
   * c1[k]·F[rowOffsets[p] + lo[k] + 1] − base[k]) · scales[p] — a sparse two-tap (linear interpolation) matrix applied
   * to P rows of F, minus a base row, scaled per row (double arithmetic, float32 out). Throws a TypeError when an
   * index would leave F or out.
   */
  lerpRows(
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
  /** `openblas_set_num_threads(n)`. */
  setNumThreads(n: number): void;
  /** `openblas_get_num_threads()`. */
  getNumThreads(): number;
  /** `openblas_get_config()`, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH … MAX_THREADS=64". */
  getConfig(): string;
}

/** Relative to both src/ (tests, `source` condition) and dist/ (the bundle): the package root's build folder. */
const ADDON_PATH = '../build/Release/native_blas.node';

let cached: { blas: NativeBlas | undefined; error: string | undefined } | undefined;

/**
 * Load the OpenBLAS addon once; `undefined` when it is not built or cannot load (no libopenblas.so.0, other
 * platform, browser). {@link nativeBlasLoadError} says why.
 */
export function loadNativeBlas(): NativeBlas | undefined {
  if (cached === undefined) {
    try {
      const require = createRequire(import.meta.url);
      cached = { blas: require(ADDON_PATH) as NativeBlas, error: undefined };
    } catch (e) {
      cached = { blas: undefined, error: e instanceof Error ? e.message : String(e) };
    }
  }
  return cached.blas;
}

/** Why {@link loadNativeBlas} returned `undefined` (the loader's message), or `undefined` when it loaded. */
export function nativeBlasLoadError(): string | undefined {
  loadNativeBlas();
  return cached?.error;
}
