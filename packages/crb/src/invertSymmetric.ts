import { symmetricEigen } from './symmetricEigen';

/** Options of {@link invertSymmetric}. */
export interface InvertSymmetricOptions {
  /** Eigenvalues of the equilibrated matrix below rcond × the largest are treated as zero (default 1e-12). */
  rcond?: number;
  /** A condition number above this adds a warning (default 1e10). */
  warnCondition?: number;
}

/** Result of {@link invertSymmetric}. */
export interface SymmetricInverse {
  /** (Pseudo-)inverse, row-major n × n; rows/columns of unconstrained directions are Infinity on the diagonal. */
  inverse: Float64Array;
  /** Condition number of the equilibrated matrix D^-1/2 A D^-1/2 over its constrained block (Infinity when singular). */
  conditionNumber: number;
  /** For each index, true when it has no constraint (zero diagonal or a component on a null direction). */
  unconstrained: boolean[];
  warnings: string[];
}

/**
 * Stable inverse of a symmetric positive semi-definite matrix (a Fisher matrix), float64 on the host.
 * Method: indices with a zero (≤ 1e-300 or ≤ 1e-14 × max) diagonal are dropped (unconstrained); the rest is
 * equilibrated, C = D^-1/2 A D^-1/2 with D = diag(A) (so labels in K and in dex compare), decomposed
 * with Jacobi, C = V Λ Vᵀ, and inverted as A⁻¹ = D^-1/2 V Λ⁻¹ Vᵀ D^-1/2 over eigenvalues above
 * rcond·λmax. An index with a component > 1e-8 on a dropped eigenvector is unconstrained: its
 * variance is Infinity (a degenerate combination of labels cannot be bounded).
 */
export function invertSymmetric(
  a: ArrayLike<number>,
  n: number,
  options: InvertSymmetricOptions = {},
): SymmetricInverse {
  const rcond = options.rcond ?? 1e-12;
  const warnCondition = options.warnCondition ?? 1e10;
  const warnings: string[] = [];
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i]));
  const unconstrained = Array.from({ length: n }, (_, i) => !(a[i * n + i] > Math.max(1e-300, 1e-14 * maxDiag)));
  const keep = Array.from({ length: n }, (_, i) => i).filter((i) => !unconstrained[i]);
  const k = keep.length;
  const inverse = new Float64Array(n * n);
  let conditionNumber = Infinity;
  if (k > 0) {
    const d = keep.map((i) => 1 / Math.sqrt(a[i * n + i]));
    const c = new Float64Array(k * k);
    for (let r = 0; r < k; r++) for (let s = 0; s < k; s++) c[r * k + s] = a[keep[r] * n + keep[s]] * d[r] * d[s];
    const { values, vectors } = symmetricEigen(c, k);
    const lmax = values[k - 1];
    const lmin = values[0];
    const cut = rcond * lmax;
    conditionNumber = lmin > cut ? lmax / lmin : Infinity;
    const nullRow = new Array<boolean>(k).fill(false);
    for (let e = 0; e < k; e++) {
      if (values[e] > cut) continue;
      for (let r = 0; r < k; r++) if (Math.abs(vectors[r * k + e]) > 1e-8) nullRow[r] = true;
    }
    for (let r = 0; r < k; r++) {
      for (let s = 0; s < k; s++) {
        let sum = 0;
        for (let e = 0; e < k; e++) if (values[e] > cut) sum += (vectors[r * k + e] * vectors[s * k + e]) / values[e];
        inverse[keep[r] * n + keep[s]] = sum * d[r] * d[s];
      }
      if (nullRow[r]) unconstrained[keep[r]] = true;
    }
    if (conditionNumber > warnCondition) {
      warnings.push(
        `invertSymmetric: matrix is ill-conditioned (condition number ${conditionNumber.toExponential(2)} > ${warnCondition.toExponential(0)}); bounds of nearly degenerate labels are unreliable`,
      );
    }
  }
  for (let i = 0; i < n; i++) if (unconstrained[i]) inverse[i * n + i] = Infinity;
  return { inverse, conditionNumber, unconstrained, warnings };
}
