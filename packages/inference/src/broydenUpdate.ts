import type { SpectrumModel } from './spectrumModel';

/**
 * Broyden's ("good") rank-1 update of the label columns of a row's weighted Jacobian √W J after a step θ → θ′, in the
 * observed frame: B_L += u δ_Lᵀ / δ_Lᵀδ_L with u = √w (model(θ′) − model(θ)) − B δ (so that B δ reproduces the step's
 * change of the model), δ_L the step's label part. The velocity and continuum columns, the residual and χ² are
 * computed exactly at θ′ from its rest flux; JᵀWJ and JᵀWr are updated in place by the same rank-1 algebra (one pass
 * over B_L, no matMul).
 */
export class BroydenUpdate {
  private readonly P: number;
  private readonly PL: number;
  private readonly K: number;
  private readonly out: { modelW: Float64Array; rw: Float64Array; cs: Float64Array };
  private readonly cols: Float32Array;
  private readonly u: Float64Array;
  private readonly rv: Float64Array;

  constructor(private readonly model: SpectrumModel) {
    this.P = model.P;
    this.PL = model.PL;
    this.K = model.batch.K;
    this.out = { modelW: new Float64Array(this.K), rw: new Float64Array(this.K), cs: new Float64Array(this.K) };
    this.cols = new Float32Array(this.P * this.K);
    this.u = new Float64Array(this.K);
    this.rv = new Float64Array(this.K);
  }

  /** Updates row r (spectrum s) of B, modelW, A, g to the trial θ′ = trial row i (rest flux rows restT); returns χ²(θ′). */
  apply(r: number, s: number, theta: Float64Array, trial: Float64Array, i: number, restT: Float32Array, B: Float32Array, modelW: Float64Array, A: Float64Array, g: Float64Array): number {
    const { P, PL, K, out, cols, u } = this;
    const N = this.model.restLength;
    const bo = r * P * K;
    const d = new Float64Array(P);
    for (let p = 0; p < P; p++) d[p] = trial[i * P + p] - theta[r * P + p];
    let dd = 0;
    for (let p = 0; p < PL; p++) dd += d[p] * d[p];
    // exact observation at θ′: residual, √w·model, velocity and continuum columns (into cols)
    const x2 = this.model.observeRow(trial, i * P, s, restT, i * N, out, cols, 0);
    // u = Δ(√w model) − B δ with B at θ (all columns)
    for (let k = 0; k < K; k++) u[k] = out.modelW[k] - modelW[r * K + k];
    for (let p = 0; p < P; p++) {
      const dp = d[p];
      if (dp === 0) continue;
      const o = bo + p * K;
      for (let k = 0; k < K; k++) u[k] -= B[o + k] * dp;
    }
    const scale = dd > 0 ? 1 / dd : 0;
    for (let k = 0; k < K; k++) u[k] *= scale; // u is now the update's column vector: B_L += u δ_Lᵀ
    const exact = Array.from({ length: P - PL }, (_, j) => PL + j); // velocity and continuum columns
    let uu = 0;
    let ur = 0;
    const ux = new Float64Array(P);
    for (let k = 0; k < K; k++) {
      uu += u[k] * u[k];
      ur += u[k] * out.rw[k];
    }
    for (const c of exact) {
      let acc = 0;
      for (let k = 0; k < K; k++) acc += u[k] * cols[c * K + k];
      ux[c] = acc;
    }
    // one pass over the label rows of B: dot products with u, the new exact columns and the residual; then the update
    const Bu = new Float64Array(PL);
    const gL = new Float64Array(PL);
    const AX = new Float64Array(PL * P);
    const rv = this.rv;
    if (exact.length > 0) rv.set(cols.subarray(exact[0] * K, (exact[0] + 1) * K));
    else rv.fill(0);
    const rw = out.rw;
    for (let p = 0; p < PL; p++) {
      const o = bo + p * K;
      const dp = d[p];
      let su = 0;
      let sr = 0;
      let sv = 0;
      // (fused: dot products with the old row, then its update, in one pass)
      for (let k = 0; k < K; k++) {
        const b = B[o + k];
        const uk = u[k];
        su += b * uk;
        sr += b * rw[k];
        sv += b * rv[k];
        B[o + k] = b + uk * dp;
      }
      Bu[p] = su;
      gL[p] = sr;
      if (exact.length > 0) AX[p * P + exact[0]] = sv;
      for (const c of exact.slice(1)) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += (B[o + k] - u[k] * dp) * cols[c * K + k];
        AX[p * P + c] = acc;
      }
    }
    const a = A.subarray(r * P * P, (r + 1) * P * P);
    const gr = g.subarray(r * P, (r + 1) * P);
    // label block: (B_L + u dᵀ)ᵀ(B_L + u dᵀ) = A_LL + Bu dᵀ + d Buᵀ + (uᵀu) d dᵀ
    for (let p = 0; p < PL; p++) {
      for (let q = 0; q <= p; q++) {
        const v = a[p * P + q] + Bu[p] * d[q] + d[p] * Bu[q] + uu * d[p] * d[q];
        a[p * P + q] = v;
        a[q * P + p] = v;
      }
      gr[p] = gL[p] + d[p] * ur;
      for (const c of exact) {
        const v = AX[p * P + c] + d[p] * ux[c];
        a[p * P + c] = v;
        a[c * P + p] = v;
      }
    }
    // exact block
    for (const c of exact) {
      let sr = 0;
      for (let k = 0; k < K; k++) sr += cols[c * K + k] * out.rw[k];
      gr[c] = sr;
      for (const e of exact) {
        if (e > c) continue;
        let acc = 0;
        for (let k = 0; k < K; k++) acc += cols[c * K + k] * cols[e * K + k];
        a[c * P + e] = acc;
        a[e * P + c] = acc;
      }
      B.set(cols.subarray(c * K, (c + 1) * K), bo + c * K);
    }
    modelW.set(out.modelW, r * K);
    return x2;
  }
}
