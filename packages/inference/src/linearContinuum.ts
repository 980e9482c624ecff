import { cholesky, choleskySolve } from '@astroemu/crb';
import type { PreparedBatch } from './prepareSpectra';

/**
 * Weighted linear least squares of the continuum coefficients for given emulator flux rows:
 * minimise Σ w (y − E · Σ_j c_j basis_j)² per row (host, float64). Returns the coefficients [R, C]
 * and the χ² at them. Without continuum, C = 0 and χ² is that of E itself.
 */
export function linearContinuum(
  batch: PreparedBatch,
  E: Float32Array,
  rowSpectrum: Int32Array,
): { coef: Float64Array; chi2: Float64Array } {
  const { K, C } = batch;
  const R = rowSpectrum.length;
  const coef = new Float64Array(R * C);
  const chi2 = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const s = rowSpectrum[r];
    if (C > 0) {
      const M = new Float64Array(C * C);
      const b = new Float64Array(C);
      for (let k = 0; k < K; k++) {
        const w = batch.w[s * K + k];
        if (w === 0) continue;
        const e = E[r * K + k];
        const base = (s * K + k) * C;
        for (let i = 0; i < C; i++) {
          const bi = batch.basis[base + i] * e * w;
          b[i] += bi * batch.y[s * K + k];
          for (let j = 0; j < C; j++) M[i * C + j] += bi * batch.basis[base + j] * e;
        }
      }
      for (let i = 0; i < C; i++) M[i * C + i] += 1e-12 * (M[i * C + i] || 1);
      const Lf = cholesky(M, C);
      const c = Lf
        ? choleskySolve(Lf, b, C)
        : Float64Array.from({ length: C }, (_, i) => (i % (batch.degree + 1) === 0 ? 1 : 0));
      coef.set(c, r * C);
    }
    let x2 = 0;
    for (let k = 0; k < K; k++) {
      const w = batch.w[s * K + k];
      if (w === 0) continue;
      let cont = C > 0 ? 0 : 1;
      for (let i = 0; i < C; i++) cont += coef[r * C + i] * batch.basis[(s * K + k) * C + i];
      const d = batch.y[s * K + k] - E[r * K + k] * cont;
      x2 += w * d * d;
    }
    chi2[r] = x2;
  }
  return { coef, chi2 };
}
