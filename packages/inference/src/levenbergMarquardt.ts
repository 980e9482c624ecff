import { activeSetStep, predictedDecrease } from './activeSetStep';
import { BroydenUpdate } from './broydenUpdate';
import type { SpectrumModel } from './spectrumModel';

/** Options of {@link levenbergMarquardt}. */
export interface LevenbergMarquardtOptions {
  /** Largest number of iterations (damped Gauss–Newton solves) per row (default 100). */
  maxIterations?: number;
  /** Converged when the step's predicted χ² decrease on a finite-difference Jacobian at θ is below this (default 1e-2, χ² units). */
  chi2Tolerance?: number;
  /**
   * Also converged when a step on a finite-difference Jacobian lowers χ² by less than this fraction of χ², or fails
   * while predicting less (scipy's ftol test; The Payne's fitter uses ftol = 5e-4). Default 3e-5.
   */
  relativeTolerance?: number;
  /** Forward-difference step of the label columns of J, scaled units (default 1e-3). */
  step?: number;
  /** Initial damping (default 1e-3, relative to diag(JᵀWJ)); Nielsen's gain-ratio update after each step. */
  lambda?: number;
  /**
   * Steps taken on a Broyden-updated Jacobian (one emulator row each) after each finite-difference Jacobian (P_L
   * rows) before the next one (default 1; 0: finite differences at every step).
   */
  secantSteps?: number;
  /**
   * Convergence on a Broyden-updated Jacobian (its step predicts less than chi2Tolerance) ends the row without a new
   * finite-difference Jacobian when its labels are within this distance (scaled units, largest change) of the last
   * finite-difference point; its JᵀWJ (and so σ) is then the updated one. Default 0: always confirm.
   */
  confirmDrift?: number;
  /**
   * Largest damping λ (relative to diag(JᵀWJ)) at which a failed step that predicts less than the relative tolerance
   * still counts as convergence (default 1e4): beyond it the prediction is small only because the step was damped to
   * nothing, and the row stops as not converged.
   */
  maxDamping?: number;
  /** Rest flux [R, N] (host) of theta0's rows when the caller has it already (saves R emulator rows). */
  rest0?: Float32Array;
  onIteration?: (iteration: number, active: number) => void;
}

/** Result of {@link levenbergMarquardt}, per row. */
export interface LevenbergMarquardtResult {
  theta: Float64Array;
  chi2: Float64Array;
  /** [R, P, P] JᵀWJ from finite differences at the final θ, or one step before it when that step's χ² gain was below the relative tolerance. */
  A: Float64Array;
  converged: boolean[];
  iterations: Int32Array;
  /** Why a row did not converge (the damping blew up, a factorisation failed, the iterations ran out); '' when it did. */
  failure: string[];
}

/**
 * Bounded Levenberg–Marquardt (Marquardt's diagonal damping with Nielsen's gain-ratio update; an active set keeps
 * the steps in the box [lo, hi] and re-solves the free parameters when some sit on a bound, see activeSetStep) for many rows at once. The label columns of J come from forward differences of the emulator; after
 * each such Jacobian, `secantSteps` steps use Broyden's rank-1 update of it from the previous step's own emulator row
 * (Madsen, Nielsen & Tingleff 2004, § 3.5); the velocity and continuum columns are always exact. A failed step on
 * an updated Jacobian gets a finite-difference one (no more damping), and convergence is only declared on a
 * finite-difference Jacobian, so the result's JᵀWJ is one. Rows that converge leave the batch (no more emulator rows).
 * Each iteration makes ONE batched emulator call for all trial steps and ONE for the rows that need finite
 * differences; the P × P solves run on the host in float64 (Cholesky).
 */
export function levenbergMarquardt(
  model: SpectrumModel,
  theta0: Float64Array,
  rowSpectrum: Int32Array,
  lo: Float64Array,
  hi: Float64Array,
  options: LevenbergMarquardtOptions = {},
): LevenbergMarquardtResult {
  const P = model.P;
  const N = model.restLength;
  const K = model.batch.K;
  const R = rowSpectrum.length;
  const maxIt = options.maxIterations ?? 100;
  const tol = options.chi2Tolerance ?? 1e-2;
  const ftol = options.relativeTolerance ?? 3e-5;
  const h = options.step ?? 1e-3;
  const secantSteps = options.secantSteps ?? 1;
  const confirmDrift = options.confirmDrift ?? 0;
  const maxDamping = options.maxDamping ?? 1e4;
  const PL = model.PL;
  /** Per row: the labels of its last finite-difference Jacobian. */
  const anchor = new Float64Array(R * PL);
  const theta = Float64Array.from(theta0);
  const chi2 = new Float64Array(R).fill(Infinity);
  const A = new Float64Array(R * P * P);
  const g = new Float64Array(R * P);
  const lambda = new Float64Array(R).fill(options.lambda ?? 1e-3);
  const nu = new Float64Array(R).fill(2);
  const active = new Array<boolean>(R).fill(true);
  const converged = new Array<boolean>(R).fill(false);
  /** Why row r stopped without converging ('' while running or converged). */
  const failure = new Array<string>(R).fill('');
  /** Row r's Jacobian comes from finite differences at its current θ (not updated since). */
  const fresh = new Array<boolean>(R).fill(false);
  /** Broyden steps taken since row r's last finite-difference Jacobian. */
  const secants = new Int32Array(R);
  const iterations = new Int32Array(R);
  const rest =
    options.rest0 && options.rest0.length === R * N
      ? Float32Array.from(options.rest0)
      : model.restFluxHost(theta, rowSpectrum);
  /** Per row: [√W J; √w r] [P + 1, K] and √w·model [K] at θ (for the secant updates). */
  const B = new Float32Array(R * (P + 1) * K);
  const modelW = new Float64Array(R * K);
  const broyden = new BroydenUpdate(model);
  const spectraOf = (rows: number[]) => Int32Array.from(rows, (r) => rowSpectrum[r]);
  /** Finite-difference Jacobians at the rows' θ (P_L emulator rows each, one batched call): χ², JᵀWJ, JᵀWr, √W J. */
  const refresh = (rows: number[]) => {
    if (rows.length === 0) return;
    const th = new Float64Array(rows.length * P);
    rows.forEach((r, i) => th.set(theta.subarray(r * P, (r + 1) * P), i * P));
    const ne = model.assemble(
      theta,
      spectraOf(rows),
      rest,
      model.restJacobian(th, spectraOf(rows), h),
      rows,
      B,
      modelW,
    );
    rows.forEach((r, i) => {
      chi2[r] = ne.chi2[i];
      A.set(ne.A!.subarray(i * P * P, (i + 1) * P * P), r * P * P);
      g.set(ne.g!.subarray(i * P, (i + 1) * P), r * P);
      fresh[r] = true;
      secants[r] = 0;
      anchor.set(theta.subarray(r * P, r * P + PL), r * PL);
    });
  };
  /** Largest label change (scaled units) of row r since its last finite-difference Jacobian. */
  const drift = (r: number) => {
    let d = 0;
    for (let p = 0; p < PL; p++) d = Math.max(d, Math.abs(theta[r * P + p] - anchor[r * PL + p]));
    return d;
  };
  const finish = (r: number) => {
    active[r] = false;
    converged[r] = true;
  };
  /** Row r stops without converging (its θ is the best accepted so far). */
  const fail = (r: number, why: string) => {
    active[r] = false;
    failure[r] = why;
  };
  refresh([...Array(R).keys()]);
  const delta = new Float64Array(P);
  for (let it = 0; it < maxIt; it++) {
    const rows: number[] = [];
    const trial: number[] = [];
    const predictedOf: number[] = [];
    const stale: number[] = [];
    for (let r = 0; r < R; r++) {
      if (!active[r]) continue;
      const Ar = A.subarray(r * P * P, (r + 1) * P * P);
      const gr = g.subarray(r * P, (r + 1) * P);
      iterations[r]++;
      if (!activeSetStep(Ar, gr, lambda[r], theta.subarray(r * P, (r + 1) * P), lo, hi, delta)) {
        fail(r, 'the damped normal equations are not positive definite (NaN or Inf in the Jacobian)');
        continue;
      }
      const predicted = predictedDecrease(Ar, gr, delta);
      if (!(predicted > tol)) {
        if (fresh[r] || drift(r) <= confirmDrift) finish(r);
        else stale.push(r); // converged on an updated Jacobian far from the last finite-difference one: confirm on a new one
        continue;
      }
      rows.push(r);
      predictedOf.push(predicted);
      for (let i = 0; i < P; i++) trial.push(Math.min(hi[i], Math.max(lo[i], theta[r * P + i] + delta[i])));
    }
    options.onIteration?.(it, rows.length + stale.length);
    if (rows.length === 0 && stale.length === 0) break;
    if (rows.length > 0) {
      const th = Float64Array.from(trial);
      const sp = spectraOf(rows);
      const restT = model.restFluxHost(th, sp);
      const ne = model.assemble(th, sp, restT);
      rows.forEach((r, i) => {
        const gain = (chi2[r] - ne.chi2[i]) / predictedOf[i];
        const small = chi2[r] - ne.chi2[i] < ftol * chi2[r];
        if (ne.chi2[i] < chi2[r]) {
          if (small && fresh[r]) {
            // converged (scipy's ftol test, stricter): keep the step and the finite-difference JᵀWJ from just before it
            theta.set(th.subarray(i * P, (i + 1) * P), r * P);
            chi2[r] = ne.chi2[i];
            finish(r);
            return;
          }
          const secant = !small && secants[r] < secantSteps;
          if (secant)
            chi2[r] = broyden.apply(
              r,
              rowSpectrum[r],
              theta,
              th,
              i,
              restT,
              B,
              modelW,
              A,
              g,
              secants[r] + 1 < secantSteps,
            );
          theta.set(th.subarray(i * P, (i + 1) * P), r * P);
          rest.set(restT.subarray(i * N, (i + 1) * N), r * N);
          lambda[r] = Math.max(lambda[r] * Math.max(1 / 3, 1 - (2 * gain - 1) ** 3), 1e-12);
          nu[r] = 2;
          fresh[r] = false;
          if (secant) secants[r]++;
          else stale.push(r);
        } else if (!fresh[r]) {
          stale.push(r); // Madsen's rule: a failed step on an updated Jacobian first gets a new one, same damping
        } else if (predictedOf[i] < ftol * chi2[r]) {
          // a step on a finite-difference Jacobian that predicts less than the tolerance failed: nothing left to resolve,
          // unless it predicts so little only because the damping is huge (the quadratic model does not describe χ²)
          if (lambda[r] <= maxDamping) finish(r);
          else
            fail(
              r,
              `the damping blew up (λ = ${lambda[r].toPrecision(3)} > ${maxDamping}): steps along the Jacobian's descent direction kept failing (a wrong or non-smooth Jacobian)`,
            );
        } else {
          lambda[r] = Math.max(lambda[r] * nu[r], 1e-2);
          nu[r] *= 2;
          if (lambda[r] > 1e10)
            fail(
              r,
              `the damping blew up (λ > 1e10) with the step still predicting a χ² decrease of ${predictedOf[i].toPrecision(3)}`,
            );
        }
      });
    }
    refresh(stale);
  }
  refresh([...Array(R).keys()].filter((r) => !fresh[r] && !converged[r]));
  for (let r = 0; r < R; r++)
    if (!converged[r] && failure[r] === '') failure[r] = `no convergence in ${maxIt} iterations`;
  return { theta, chi2, A, converged, iterations, failure };
}
