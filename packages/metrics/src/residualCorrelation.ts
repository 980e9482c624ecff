import { DomainError } from './errors';

/** Pearson correlation of residuals between wavelengths (Fig. 7 statistic of Różański et al.). */
export interface ResidualCorrelation {
  /** The wavelength (column) indices, K of them. */
  indices: Int32Array;
  /** K × K sample Pearson correlation matrix, row-major (NaN where a residual has zero variance). */
  matrix: Float64Array;
  /** Median of the K(K−1)/2 off-diagonal values (i < j), NaN values left out. */
  medianOffDiagonal: number;
}

/**
 * Accumulates means and co-moments of residuals at K wavelengths batch by batch (Chan et al.'s
 * pairwise update, in float64), so the result does not depend on how the rows are batched.
 */
export class CorrelationAccumulator {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly comoment: Float64Array; // K × K, Σ (x_i − x̄_i)(x_j − x̄_j)

  constructor(
    readonly indices: Int32Array,
    m: number,
  ) {
    for (const j of indices) {
      if (!(j >= 0 && j < m))
        throw new DomainError(
          `MetricsAccumulator: correlation index ${j} is outside the ${m} wavelengths [0, ${m - 1}]`,
        );
    }
    const K = indices.length;
    this.mean = new Float64Array(K);
    this.comoment = new Float64Array(K * K);
  }

  /** Adds rows of residuals (nb × m, row-major, float64). */
  add(residuals: Float64Array, nb: number, m: number): void {
    const K = this.indices.length;
    const meanB = new Float64Array(K);
    const d = new Float64Array(nb * K);
    for (let r = 0; r < nb; r++) for (let a = 0; a < K; a++) meanB[a] += residuals[r * m + this.indices[a]];
    for (let a = 0; a < K; a++) meanB[a] /= nb;
    for (let r = 0; r < nb; r++)
      for (let a = 0; a < K; a++) d[r * K + a] = residuals[r * m + this.indices[a]] - meanB[a];
    const na = this.n;
    const n = na + nb;
    const w = (na * nb) / n;
    const delta = new Float64Array(K);
    for (let a = 0; a < K; a++) delta[a] = meanB[a] - this.mean[a];
    const C = this.comoment;
    for (let a = 0; a < K; a++) {
      for (let b = a; b < K; b++) {
        let s = 0;
        for (let r = 0; r < nb; r++) s += d[r * K + a] * d[r * K + b];
        const v = C[a * K + b] + s + delta[a] * delta[b] * w;
        C[a * K + b] = v;
        C[b * K + a] = v;
      }
    }
    for (let a = 0; a < K; a++) this.mean[a] += (delta[a] * nb) / n;
    this.n = n;
  }

  result(): ResidualCorrelation {
    const K = this.indices.length;
    const C = this.comoment;
    const matrix = new Float64Array(K * K);
    const off: number[] = [];
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        const denom = Math.sqrt(C[a * K + a] * C[b * K + b]);
        const r = this.n < 2 || denom === 0 ? NaN : Math.max(-1, Math.min(1, C[a * K + b] / denom));
        matrix[a * K + b] = r;
        if (b > a && !Number.isNaN(r)) off.push(r);
      }
    }
    off.sort((x, y) => x - y);
    const h = off.length;
    const medianOffDiagonal = h === 0 ? NaN : h % 2 ? off[(h - 1) / 2] : (off[h / 2 - 1] + off[h / 2]) / 2;
    return { indices: Int32Array.from(this.indices), matrix, medianOffDiagonal };
  }
}
