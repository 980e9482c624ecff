import { cholesky, choleskySolve } from '@astroemu/crb';
import type { SpectrumModel } from './spectrumModel';

/** Options of {@link levenbergMarquardt}. */
export interface LevenbergMarquardtOptions {
  /** Largest number of iterations per row (default 50). */
  maxIterations?: number;
  /** Converged when the Gauss–Newton step's predicted χ² decrease is below this (default 1e-3, in χ² units). */
  chi2Tolerance?: number;
  /** Forward-difference step of the label columns of J, scaled units (default 1e-3). */
  step?: number;
  /** Initial damping (default 1e-3); ×10 after a rejected step, ÷10 after an accepted one. */
  lambda?: number;
  onIteration?: (iteration: number, active: number) => void;
}

/** Result of {@link levenbergMarquardt}, per row. */
export interface LevenbergMarquardtResult {
  theta: Float64Array;
  chi2: Float64Array;
  /** [R, P, P] JᵀWJ at the final θ. */
  A: Float64Array;
  converged: boolean[];
  iterations: Int32Array;
}

/**
 * Bounded Levenberg–Marquardt (Marquardt's diagonal damping, steps projected onto the box
 * [lo, hi]) for many rows at once: each iteration makes ONE batched Jacobian evaluation for the
 * rows whose θ moved and ONE batched χ² evaluation of all trial steps; the P × P solves run on the
 * host in float64 (Cholesky).
 */
export function levenbergMarquardt(model: SpectrumModel, theta0: Float64Array, rowSpectrum: Int32Array, lo: Float64Array, hi: Float64Array, options: LevenbergMarquardtOptions = {}): LevenbergMarquardtResult {
  const P = model.P;
  const R = rowSpectrum.length;
  const maxIt = options.maxIterations ?? 50;
  const tol = options.chi2Tolerance ?? 1e-3;
  const h = options.step ?? 1e-3;
  const theta = Float64Array.from(theta0);
  const chi2 = new Float64Array(R).fill(Infinity);
  const A = new Float64Array(R * P * P);
  const g = new Float64Array(R * P);
  const lambda = new Float64Array(R).fill(options.lambda ?? 1e-3);
  const needJ = new Array<boolean>(R).fill(true);
  const active = new Array<boolean>(R).fill(true);
  const converged = new Array<boolean>(R).fill(false);
  const iterations = new Int32Array(R);
  const pick = (rows: number[]) => {
    const th = new Float64Array(rows.length * P);
    rows.forEach((r, i) => th.set(theta.subarray(r * P, (r + 1) * P), i * P));
    return th;
  };
  const refreshJ = (rows: number[]) => {
    if (rows.length === 0) return;
    const ne = model.normalEquations(pick(rows), Int32Array.from(rows, (r) => rowSpectrum[r]), true, h);
    rows.forEach((r, i) => {
      chi2[r] = ne.chi2[i];
      A.set(ne.A!.subarray(i * P * P, (i + 1) * P * P), r * P * P);
      g.set(ne.g!.subarray(i * P, (i + 1) * P), r * P);
      needJ[r] = false;
    });
  };
  for (let it = 0; it < maxIt; it++) {
    refreshJ([...Array(R).keys()].filter((r) => active[r] && needJ[r]));
    const rows: number[] = [];
    const trial: number[] = [];
    for (let r = 0; r < R; r++) {
      if (!active[r]) continue;
      const Ar = A.subarray(r * P * P, (r + 1) * P * P);
      const gr = g.subarray(r * P, (r + 1) * P);
      let maxDiag = 0;
      for (let i = 0; i < P; i++) maxDiag = Math.max(maxDiag, Ar[i * P + i]);
      const M = Float64Array.from(Ar);
      for (let i = 0; i < P; i++) M[i * P + i] += lambda[r] * Ar[i * P + i] + 1e-12 * maxDiag + 1e-300;
      const Lf = cholesky(M, P);
      const delta = Lf ? choleskySolve(Lf, gr, P) : new Float64Array(P);
      let predicted = 0;
      for (let i = 0; i < P; i++) {
        const t = Math.min(hi[i], Math.max(lo[i], theta[r * P + i] + delta[i]));
        delta[i] = t - theta[r * P + i];
      }
      for (let i = 0; i < P; i++) {
        let ad = 0;
        for (let j = 0; j < P; j++) ad += Ar[i * P + j] * delta[j];
        predicted += 2 * delta[i] * gr[i] - delta[i] * ad;
      }
      iterations[r]++;
      if (!(predicted > tol) || !Lf) {
        active[r] = false;
        converged[r] = true;
        continue;
      }
      rows.push(r);
      for (let i = 0; i < P; i++) trial.push(theta[r * P + i] + delta[i]);
    }
    options.onIteration?.(it, rows.length);
    if (rows.length === 0) break;
    const ne = model.normalEquations(Float64Array.from(trial), Int32Array.from(rows, (r) => rowSpectrum[r]), false, h);
    rows.forEach((r, i) => {
      if (ne.chi2[i] < chi2[r]) {
        theta.set(trial.slice(i * P, (i + 1) * P), r * P);
        chi2[r] = ne.chi2[i];
        lambda[r] = Math.max(lambda[r] / 10, 1e-9);
        needJ[r] = true;
      } else {
        lambda[r] *= 10;
        if (lambda[r] > 1e10) {
          active[r] = false;
          converged[r] = true;
        }
      }
    });
  }
  refreshJ([...Array(R).keys()].filter((r) => needJ[r]));
  return { theta, chi2, A, converged, iterations };
}
