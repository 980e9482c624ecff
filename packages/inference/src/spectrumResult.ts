import { invertSymmetric } from '@astroemu/crb';
import type { FitFlag, FitOptions, FitResult } from './fitTypes';
import type { SpectrumModel } from './spectrumModel';

/** The fitted state of one spectrum that its result is made from. */
export interface FittedSpectrum {
  /** θ [P] and JᵀWJ [P, P] at the solution. */
  theta: Float64Array;
  A: Float64Array;
  chi2: number;
  converged: boolean;
  /** Why it did not converge ('' when it did). */
  failure: string;
  iterations: number;
  /** The cross-correlation's best velocity was on the first or last trial. */
  ccAtEdge: boolean;
  /** [P, P] covariance of θ when it is not (JᵀWJ)⁻¹ (the APOGEE normalisation's sandwich); unconstrained flags still from A. */
  covariance?: Float64Array;
}

/** An 'error' result (the spectrum was not fitted), all values NaN. */
export function errorResult(labelNames: readonly string[], error: string): FitResult {
  return {
    labels: Object.fromEntries(labelNames.map((n) => [n, NaN])),
    uncertainties: {},
    rv: NaN,
    rvUncertainty: NaN,
    continuum: [],
    chi2: NaN,
    reducedChi2: NaN,
    pixelsUsed: 0,
    emulatorEvaluations: 0,
    iterations: 0,
    converged: false,
    pixelsLost: 0,
    covariance: { parameters: [], values: [] },
    notes: [],
    flags: ['error'],
    atBound: [],
    error,
  };
}

/**
 * The result of spectrum s of the model's batch: labels (fitted ones from θ, the others fixed) in physical units,
 * σ and the label (+ rv) covariance from (JᵀWJ)⁻¹ (× √max(1, χ²_red) with scaleByReducedChi2), the continuum
 * coefficients, the flags and the notes that explain them.
 */
export function spectrumResult(
  model: SpectrumModel,
  s: number,
  fitted: FittedSpectrum,
  options: FitOptions,
  rvRange: [number, number],
): FitResult {
  const { batch, P, PL } = model;
  const specs = model.emulator.labels;
  const L = specs.length;
  const th = fitted.theta;
  const inv = invertSymmetric(fitted.A, P);
  const cov = fitted.covariance ?? inv.inverse;
  const red = fitted.chi2 / Math.max(1, batch.used[s] - P);
  const inflate = options.scaleByReducedChi2 ? Math.sqrt(Math.max(1, red)) : 1;
  const sd = (p: number) => Math.sqrt(cov[p * P + p]) * inflate;
  const labels: Record<string, number> = {};
  const uncertainties: Record<string, number> = {};
  specs.forEach((sp, c) => (labels[sp.name] = model.fixedPhys[s * L + c]));
  const atBound: string[] = [];
  model.free.forEach((c, p) => {
    const { name, min, max } = specs[c];
    labels[name] = min + (th[p] + 0.5) * (max - min);
    uncertainties[name] = sd(p) * (max - min);
    if (Math.abs(Math.abs(th[p]) - 0.5) < 1e-3) atBound.push(name);
  });
  const rv = model.rvFit ? th[model.rvIndex] : model.rvFixed[s];
  const [vmin, vmax] = rvRange;
  const flags: FitFlag[] = [];
  const notes: string[] = [];
  if (atBound.length) flags.push('at-bound');
  if (!fitted.converged) {
    flags.push('not-converged');
    notes.push(`not-converged: ${fitted.failure}`);
  }
  if (batch.lost[s] > 0) {
    flags.push('partial-coverage');
    notes.push(
      `partial-coverage: ${batch.lost[s]} of ${batch.lost[s] + batch.used[s]} usable pixels lie outside ${batch.window[0].toFixed(2)}–${batch.window[1].toFixed(2)} Å, the emulator's window over the velocities of the fit, and were left out`,
    );
  }
  if (red > (options.poorChi2 ?? 3)) flags.push('poor-chi2');
  if (model.rvFit && (fitted.ccAtEdge || Math.min(rv - vmin, vmax - rv) < 0.01 * (vmax - vmin)))
    flags.push('rv-at-edge');
  if (inv.unconstrained.some((u, p) => u && p < PL)) flags.push('unconstrained');
  // covariance of the fitted labels (physical units) and rv
  const parameters = model.free.map((c) => specs[c].name);
  const unit = model.free.map((c) => specs[c].max - specs[c].min);
  const index = model.free.map((_, p) => p);
  if (model.rvFit) {
    parameters.push('rv');
    unit.push(1);
    index.push(model.rvIndex);
  }
  const values = index.flatMap((a, i) => index.map((b, j) => cov[a * P + b] * unit[i] * unit[j] * inflate * inflate));
  const d = batch.degree + 1;
  const continuum = Array.from({ length: batch.segments }, (_, k) =>
    Array.from(th.subarray(model.contOffset + k * d, model.contOffset + (k + 1) * d)),
  );
  return {
    labels,
    uncertainties,
    rv,
    rvUncertainty: model.rvFit ? sd(model.rvIndex) : 0,
    continuum,
    chi2: fitted.chi2,
    reducedChi2: red,
    pixelsUsed: batch.used[s],
    emulatorEvaluations: model.evaluations[s],
    iterations: fitted.iterations,
    converged: fitted.converged,
    pixelsLost: batch.lost[s],
    covariance: { parameters, values },
    notes,
    flags,
    atBound,
  };
}
