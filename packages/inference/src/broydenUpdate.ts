import { rowDots } from './gramMatrix';
import type { SpectrumModel } from './spectrumModel';

/**
 * Broyden's ("good") rank-1 update of the label columns of a row's weighted Jacobian √W J after a step θ → θ′, in the
 * observed frame: B_L += u δ_Lᵀ with u = (Δm − B δ) / δ_Lᵀδ_L, Δm = √w (model(θ′) − model(θ)) (so that the new B
 * reproduces the step's change of the model), δ_L the step's label part. The velocity and continuum columns, the
 * residual and χ² are computed exactly at θ′ from its rest flux.
 *
 * JᵀWJ and JᵀWr are updated in place from dot products of the OLD B only (one pass over B, no store): with
 * b_pᵀu = (b_pᵀΔm − (A δ)_p) / δ_Lᵀδ_L and uᵀu = (ΔmᵀΔm − 2 δᵀBᵀΔm + δᵀAδ) / (δ_Lᵀδ_L)², u itself is never formed.
 * B is updated (a second pass) only when another secant step will read it.
 */
export class BroydenUpdate {
  private readonly P: number;
  private readonly PL: number;
  private readonly K: number;
  private readonly out: { modelW: Float64Array; rw: Float64Array; cs: Float64Array };
  /** [P, K] exact columns at θ′ (rows ≥ P_L used). */
  private readonly cols: Float32Array;
  /** [2 + P − P_L, K]: Δm, √w r′ and the exact columns at θ′, the vectors dotted with B's rows. */
  private readonly V: Float32Array;

  constructor(private readonly model: SpectrumModel) {
    this.P = model.P;
    this.PL = model.PL;
    this.K = model.batch.K;
    this.out = { modelW: new Float64Array(this.K), rw: new Float64Array(this.K), cs: new Float64Array(this.K) };
    this.cols = new Float32Array(this.P * this.K);
    this.V = new Float32Array((2 + this.P - this.PL) * this.K);
  }

  /**
   * Updates row r (spectrum s) of A, g, modelW (and B, when `keepB`) to the trial θ′ = trial row i (rest flux rows
   * restT); returns χ²(θ′). Without `keepB`, B is left at θ (stale): only a finite-difference refresh may follow.
   */
  apply(
    r: number,
    s: number,
    theta: Float64Array,
    trial: Float64Array,
    i: number,
    restT: Float32Array,
    B: Float32Array,
    modelW: Float64Array,
    A: Float64Array,
    g: Float64Array,
    keepB = true,
  ): number {
    const { P, PL, K, out, cols, V } = this;
    const E = P - PL;
    const m = 2 + E;
    const N = this.model.restLength;
    const bo = r * (P + 1) * K; // B's rows are [√W J; √w r] [P + 1, K] (SpectrumModel.assemble's bOut)
    const d = new Float64Array(P);
    for (let p = 0; p < P; p++) d[p] = trial[i * P + p] - theta[r * P + p];
    let dd = 0;
    for (let p = 0; p < PL; p++) dd += d[p] * d[p];
    const scale = dd > 0 ? 1 / dd : 0;
    // exact observation at θ′: residual, √w·model, velocity and continuum columns (into cols)
    const x2 = this.model.observeRow(trial, i * P, s, restT, i * N, out, cols, 0);
    const mw = modelW.subarray(r * K, (r + 1) * K);
    for (let k = 0; k < K; k++) {
      V[k] = out.modelW[k] - mw[k];
      V[K + k] = out.rw[k];
    }
    V.set(cols.subarray(PL * K, P * K), 2 * K);
    // vv[j] = Δm · V[j] (float64, from the unrounded Δm)
    const vv = new Float64Array(m);
    for (let k = 0; k < K; k++) {
      const dm = out.modelW[k] - mw[k];
      vv[0] += dm * dm;
      vv[1] += dm * out.rw[k];
      for (let e = 0; e < E; e++) vv[2 + e] += dm * cols[(PL + e) * K + k];
    }
    const dots = new Float64Array(P * m); // dots[p·m + j] = b_p · V[j], b_p the rows of B at θ (all P)
    rowDots(B, bo, P, K, V, m, dots);
    const a = A.subarray(r * P * P, (r + 1) * P * P);
    const gr = g.subarray(r * P, (r + 1) * P);
    const Ad = new Float64Array(P);
    let dAd = 0;
    for (let p = 0; p < P; p++) {
      let s2 = 0;
      for (let q = 0; q < P; q++) s2 += a[p * P + q] * d[q];
      Ad[p] = s2;
      dAd += d[p] * s2;
    }
    const Bd = new Float64Array(m); // (B δ) · V[j]
    for (let p = 0; p < P; p++) for (let j = 0; j < m; j++) Bd[j] += d[p] * dots[p * m + j];
    const uV = Float64Array.from(vv, (x, j) => (x - Bd[j]) * scale); // u · V[j]
    const uu = Math.max(0, vv[0] - 2 * Bd[0] + dAd) * scale * scale;
    const Bu = Float64Array.from(Ad, (x, p) => (dots[p * m] - x) * scale); // b_p · u
    if (keepB) {
      const u = new Float64Array(K);
      for (let k = 0; k < K; k++) u[k] = V[k];
      for (let p = 0; p < P; p++) {
        const dp = d[p];
        if (dp === 0) continue;
        const o = bo + p * K;
        for (let k = 0; k < K; k++) u[k] -= B[o + k] * dp;
      }
      for (let p = 0; p < PL; p++) {
        const dp = d[p] * scale;
        const o = bo + p * K;
        for (let k = 0; k < K; k++) B[o + k] += u[k] * dp;
      }
      B.set(cols.subarray(PL * K, P * K), bo + PL * K);
    }
    // label block: (b_p + d_p u)·(b_q + d_q u) = A_pq + d_q b_p·u + d_p b_q·u + d_p d_q u·u; with r′ and the new
    // exact columns: b_p·V[j] + d_p u·V[j]
    for (let p = 0; p < PL; p++) {
      for (let q = 0; q <= p; q++) {
        const v = a[p * P + q] + Bu[p] * d[q] + d[p] * Bu[q] + uu * d[p] * d[q];
        a[p * P + q] = v;
        a[q * P + p] = v;
      }
      gr[p] = dots[p * m + 1] + d[p] * uV[1];
      for (let e = 0; e < E; e++) {
        const v = dots[p * m + 2 + e] + d[p] * uV[2 + e];
        a[p * P + PL + e] = v;
        a[(PL + e) * P + p] = v;
      }
    }
    // exact block, from the new exact columns
    for (let e = 0; e < E; e++) {
      const ce = (PL + e) * K;
      let sr = 0;
      for (let k = 0; k < K; k++) sr += cols[ce + k] * out.rw[k];
      gr[PL + e] = sr;
      for (let f = 0; f <= e; f++) {
        const cf = (PL + f) * K;
        let acc = 0;
        for (let k = 0; k < K; k++) acc += cols[ce + k] * cols[cf + k];
        a[(PL + e) * P + PL + f] = acc;
        a[(PL + f) * P + PL + e] = acc;
      }
    }
    mw.set(out.modelW);
    return x2;
  }
}
