import { ShapeError } from '@astroemu/emulator-core';
import type { FisherMatrices } from './fisherMatrix';
import { invertSymmetric, type InvertSymmetricOptions } from './invertSymmetric';

/** Cramér–Rao lower bounds per label vector and label, in the labels' physical units. */
export interface CrbBounds {
  batch: number;
  labelNames: string[];
  /** [B, L]: σ_i = sqrt((F⁻¹)_ii), all other labels free (marginalised). Infinity when unconstrained. */
  marginal: Float64Array;
  /** [B, L]: σ_i = 1/sqrt(F_ii), all other labels known (conditional). Infinity when F_ii = 0. */
  conditional: Float64Array;
  /** [B] condition number of the equilibrated Fisher matrix (see invertSymmetric). */
  conditionNumber: Float64Array;
  /** [B, L, L] covariance F⁻¹ (Infinity on the diagonal of unconstrained labels). */
  covariance: Float64Array;
  /** Ill-conditioning warnings, prefixed with the label-vector index. */
  warnings: string[];
}

/** Marginalised and conditional CRBs from Fisher matrices, with a stable (eigen) inverse. */
export function crbBounds(fisher: FisherMatrices, options: InvertSymmetricOptions = {}): CrbBounds {
  const { batch: B, labelNames } = fisher;
  const L = labelNames.length;
  if (fisher.values.length !== B * L * L) {
    throw new ShapeError(
      `crbBounds: fisher.values must hold B × L × L = ${B * L * L} values; got ${fisher.values.length}`,
    );
  }
  const marginal = new Float64Array(B * L);
  const conditional = new Float64Array(B * L);
  const conditionNumber = new Float64Array(B);
  const covariance = new Float64Array(B * L * L);
  const warnings: string[] = [];
  for (let b = 0; b < B; b++) {
    const F = fisher.values.subarray(b * L * L, (b + 1) * L * L);
    const inv = invertSymmetric(F, L, options);
    covariance.set(inv.inverse, b * L * L);
    conditionNumber[b] = inv.conditionNumber;
    for (const w of inv.warnings) warnings.push(`label vector ${b}: ${w}`);
    for (let i = 0; i < L; i++) {
      const fii = F[i * L + i];
      conditional[b * L + i] = fii > 0 ? 1 / Math.sqrt(fii) : Infinity;
      marginal[b * L + i] = inv.unconstrained[i] ? Infinity : Math.sqrt(Math.max(inv.inverse[i * L + i], 0));
    }
  }
  return { batch: B, labelNames: [...labelNames], marginal, conditional, conditionNumber, covariance, warnings };
}
