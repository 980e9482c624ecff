import { hostBlas } from '@astroemu/backend';

let sgemmOut = new Float32Array(0);

/**
 * The Gram matrix G = X Xᵀ (float64, full n × n, row-major) of the n rows of X [n, K] (float32, row-major): the
 * normal equations' [JᵀWJ | JᵀWr] when X's rows are the columns of √W J followed by √W r. Blocks of 3 × 3 dot
 * products share their loads (9 accumulators stay in registers); only the lower triangle is computed.
 *
 * With the native accelerator on (initBackend's nativeBlas) this is one zero-copy sgemm (float32 sums). Without it,
 * own code in float64 sums: the wasm backend would need a tensor upload, a transpose and a skinny matMul for this
 * [n, K] × [K, n] shape, at about the same speed, and tfjs has no syrk.
 */
export function gramMatrix(x: Float32Array, n: number, K: number, out: Float64Array): void {
  const blas = hostBlas();
  if (blas) {
    if (sgemmOut.length < n * n) sgemmOut = new Float32Array(n * n);
    blas.sgemm(false, true, n, n, K, 1, x, K, x, K, 0, sgemmOut, n);
    for (let i = 0; i < n * n; i++) out[i] = sgemmOut[i];
    return;
  }
  const last = n - 1;
  for (let i0 = 0; i0 < n; i0 += 3) {
    const a0 = i0 * K;
    const a1 = Math.min(i0 + 1, last) * K;
    const a2 = Math.min(i0 + 2, last) * K;
    for (let j0 = 0; j0 <= i0; j0 += 3) {
      const b0 = j0 * K;
      const b1 = Math.min(j0 + 1, last) * K;
      const b2 = Math.min(j0 + 2, last) * K;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s20 = 0;
      let s21 = 0;
      let s22 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = x[a0 + k];
        const x1 = x[a1 + k];
        const x2 = x[a2 + k];
        const y0 = x[b0 + k];
        const y1 = x[b1 + k];
        const y2 = x[b2 + k];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s22 += x2 * y2;
      }
      const block = [s00, s01, s02, s10, s11, s12, s20, s21, s22];
      for (let di = 0; di < 3; di++) {
        const i = i0 + di;
        if (i > last) break;
        for (let dj = 0; dj < 3; dj++) {
          const j = j0 + dj;
          if (j > last) break;
          out[i * n + j] = block[di * 3 + dj];
          out[j * n + i] = block[di * 3 + dj];
        }
      }
    }
  }
}

/**
 * out[p · m + j] = B[p] · V[j] (float64) for the P rows of B (float32 [P, K] at bOffset) and the m rows of V (float32
 * [m, K]): one pass over B (the Broyden update's dot products). Native sgemm when the accelerator is on.
 */
export function rowDots(
  B: Float32Array,
  bOffset: number,
  P: number,
  K: number,
  V: Float32Array,
  m: number,
  out: Float64Array,
): void {
  const blas = hostBlas();
  if (blas) {
    if (sgemmOut.length < P * m) sgemmOut = new Float32Array(P * m);
    blas.sgemm(
      false,
      true,
      P,
      m,
      K,
      1,
      B.subarray(bOffset, bOffset + P * K),
      K,
      V.subarray(0, m * K),
      K,
      0,
      sgemmOut,
      m,
    );
    for (let i = 0; i < P * m; i++) out[i] = sgemmOut[i];
    return;
  }
  for (let p = 0; p < P; p++) {
    const o = bOffset + p * K;
    for (let j0 = 0; j0 < m; j0 += 3) {
      // three rows of V per pass over B[p] (3 accumulators); the last group may repeat a row
      const v0 = j0 * K;
      const v1 = Math.min(j0 + 1, m - 1) * K;
      const v2 = Math.min(j0 + 2, m - 1) * K;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let k = 0; k < K; k++) {
        const b = B[o + k];
        s0 += b * V[v0 + k];
        s1 += b * V[v1 + k];
        s2 += b * V[v2 + k];
      }
      out[p * m + j0] = s0;
      if (j0 + 1 < m) out[p * m + j0 + 1] = s1;
      if (j0 + 2 < m) out[p * m + j0 + 2] = s2;
    }
  }
}
