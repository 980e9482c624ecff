import type * as tf from '@tensorflow/tfjs';
import { invertSymmetric } from '@astroemu/crb';
import { DomainError, type Emulator } from '@astroemu/emulator-core';
import { SPEED_OF_LIGHT_KMS } from '@astroemu/grid-io';
import { activeSetStep, predictedDecrease } from './activeSetStep';
import { adamProtocol } from './adamProtocol';
import { gaussianLsfOperator, rotationalBroadeningOperator } from './broadenTensor';
import { crossCorrelationRv } from './crossCorrelationRv';
import type { FitOptions, FitResult, ObservedSpectrum } from './fitTypes';
import { levenbergMarquardt } from './levenbergMarquardt';
import { prepareSpectra, type PreparedBatch } from './prepareSpectra';
import { errorResult, spectrumResult } from './spectrumResult';
import { SpectrumModel } from './spectrumModel';
import { mulberry32 } from '@astroemu/random';
import { multiStart, startRows, withLinearContinuum } from './startRows';

/**
 * Fits labels (any subset, the rest fixed), radial velocity and an optional multiplicative
 * continuum to observed spectra with any emulator. All spectra (and all their starts) are one
 * batched tensor program per iteration. Spectra that cannot be fitted get an 'error' result; the
 * others continue. See FitOptions for the two optimisers.
 */
export function fitSpectra(
  emulator: Emulator,
  spectra: readonly ObservedSpectrum[],
  options: FitOptions = {},
): FitResult[] {
  const names = emulator.labels.map((s) => s.name);
  const free = fittedLabels(names, options);
  const [vmin, vmax] = velocityRange(options);
  const rvFit = options.rv?.fit ?? true;
  const progress = options.onProgress ?? (() => {});

  // 0. The spectra's usable pixels (those the emulator covers at every velocity the fit may use), padded to one batch
  progress({ phase: 'prepare', step: 0, total: spectra.length });
  const given = options.rv?.value;
  const fixedRvs = given === undefined ? [0] : typeof given === 'number' ? [given] : Array.from(given);
  const [pmin, pmax] = rvFit ? [vmin, vmax] : [Math.min(...fixedRvs), Math.max(...fixedRvs)];
  const degree = options.continuum && options.continuum.degree >= 0 ? Math.floor(options.continuum.degree) : -1;
  if (options.apogeeContinuum && degree >= 0)
    throw new DomainError(
      'fitSpectra: options.apogeeContinuum normalises data and model; a continuum polynomial (options.continuum.degree ≥ 0) cannot be fitted with it',
    );
  const nContinuum = degree < 0 ? 0 : (options.continuum?.segments?.length ?? 1) * (degree + 1);
  const batch = prepareSpectra(emulator, spectra, options, pmin, pmax, free.length + (rvFit ? 1 : 0) + nContinuum);
  const results = spectra.map((_, i) => errorResult(names, batch.errors.get(i) ?? 'not fitted'));
  const S = batch.index.length;
  if (S === 0) return results;

  const model = new SpectrumModel({
    emulator,
    batch,
    free,
    fixedLabels: fixedLabels(emulator, batch, options),
    rvFit,
    rvFixed: fixedVelocities(batch, options),
    operator: observationOperator(batch, options),
    maxRows: options.maxRows ?? 2048,
  });
  try {
    const P = model.P;
    const lo = new Float64Array(P).fill(-Infinity);
    const hi = new Float64Array(P).fill(Infinity);
    for (let p = 0; p < model.PL; p++) [lo[p], hi[p]] = [-0.5, 0.5];
    if (rvFit) [lo[model.rvIndex], hi[model.rvIndex]] = [vmin, vmax];

    // 1. Radial-velocity first guess: cross-correlation with the emulator at the box centre (one row per spectrum,
    //    which is also the first start), its highest peaks the velocity candidates of the multi-start
    progress({ phase: 'rv', step: 0, total: 1 });
    const optimizer = options.optimizer ?? 'lm';
    const labelCandidates = Math.max(0, Math.floor(options.initialCandidates ?? 0)) + 1;
    const ccWanted = rvFit && given === undefined;
    const centreRest =
      optimizer === 'lm' || ccWanted
        ? model.restFluxHost(
            new Float64Array(S * P),
            Int32Array.from({ length: S }, (_, s) => s),
          )
        : new Float32Array(0);
    let v0: Float64Array = model.rvFixed;
    let velocities: Float64Array[] = Array.from({ length: S }, (_, s) => Float64Array.of(v0[s]));
    let ccAtEdge = new Array<boolean>(S).fill(false);
    if (ccWanted) {
      const cc = crossCorrelationRv(
        model,
        model.crossCorrelationTemplates(centreRest),
        vmin,
        vmax,
        Math.max(1, Math.floor(options.rvCandidates ?? (labelCandidates > 1 ? 3 : 1))),
      );
      [v0, velocities, ccAtEdge] = [cc.v, cc.peaks, cc.atEdge];
    }

    // 2. Optimise (per spectrum: the start with the lowest χ²)
    const best =
      optimizer === 'lm'
        ? fitLm(
            model,
            { labelCandidates, velocities, centreRest, starts: Math.max(1, Math.floor(options.starts ?? 1)) },
            lo,
            hi,
            options,
          )
        : fitAdam(model, v0, lo, hi, options);

    // 3. Results (with APOGEE normalisation, the covariance includes the noise of the data's own continuum)
    const sandwich = batch.apogee ? apogeeCovariances(model, best, options.lm?.step ?? 1e-3) : undefined;
    batch.index.forEach((i, s) => {
      const fitted = {
        theta: best.theta.subarray(s * P, (s + 1) * P),
        A: best.A.subarray(s * P * P, (s + 1) * P * P),
        chi2: best.chi2[s],
        converged: best.converged[s],
        failure: best.failure[s],
        iterations: best.iterations[s],
        ccAtEdge: ccAtEdge[s],
        ...(sandwich?.[s] ? { A: sandwich[s].A, covariance: sandwich[s].covariance } : {}),
      };
      results[i] = spectrumResult(model, s, fitted, options, [vmin, vmax]);
      if (batch.dataContinuum) results[i].dataContinuum = batch.dataContinuum[s];
    });
    if (options.modelFlux) attachModelFlux(model, best.theta, spectra, results);
    progress({ phase: 'done', step: S, total: S });
    return results;
  } finally {
    model.dispose();
  }
}

/**
 * Under APOGEE normalisation, per spectrum: JᵀWJ at its best θ (a new finite-difference Jacobian, P_L + 1 emulator rows)
 * and the sandwich covariance A⁻¹ (Jᵀ W Σ′ W J) A⁻¹ that adds the noise of the data's own continuum
 * (SpectrumModel.apogeeNoiseGram); undefined for a spectrum whose A is singular (then (JᵀWJ)⁻¹ as usual).
 */
function apogeeCovariances(
  model: SpectrumModel,
  best: Optimised,
  h: number,
): ({ A: Float64Array; covariance: Float64Array } | undefined)[] {
  const { batch, P } = model;
  const { K } = batch;
  const N = model.restLength;
  const S = batch.index.length;
  const rows = Int32Array.from({ length: S }, (_, s) => s);
  const rest = model.restFluxHost(best.theta, rows);
  const X = new Float32Array(S * (P + 1) * K);
  const ne = model.assemble(best.theta, rows, rest, model.restJacobian(best.theta, rows, h), undefined, X);
  return Array.from({ length: S }, (_, s) => {
    const A = ne.A!.slice(s * P * P, (s + 1) * P * P);
    const inv = invertSymmetric(A, P);
    if (inv.unconstrained.some(Boolean)) return undefined;
    const M = model.apogeeNoiseGram(best.theta, s * P, s, rest, s * N, X, s * (P + 1) * K);
    const Ai = inv.inverse;
    const AiM = new Float64Array(P * P);
    for (let i = 0; i < P; i++)
      for (let j = 0; j < P; j++) {
        let acc = 0;
        for (let k = 0; k < P; k++) acc += Ai[i * P + k] * M[k * P + j];
        AiM[i * P + j] = acc;
      }
    const covariance = new Float64Array(P * P);
    for (let i = 0; i < P; i++)
      for (let j = 0; j < P; j++) {
        let acc = 0;
        for (let k = 0; k < P; k++) acc += AiM[i * P + k] * Ai[k * P + j];
        covariance[i * P + j] = acc;
      }
    return { A, covariance };
  });
}

/** FitResult.modelFlux of every fitted spectrum: its observation model at θ (one emulator row each), NaN where w = 0. */
function attachModelFlux(
  model: SpectrumModel,
  theta: Float64Array,
  spectra: readonly ObservedSpectrum[],
  results: FitResult[],
): void {
  const { batch, P } = model;
  const { K } = batch;
  const N = model.restLength;
  const rest = model.restFluxHost(
    theta,
    Int32Array.from(batch.index, (_, s) => s),
  );
  const out = { modelW: new Float64Array(K), rw: new Float64Array(K), cs: new Float64Array(K) };
  batch.index.forEach((i, s) => {
    model.observeRow(theta, s * P, s, rest, s * N, out);
    results[i].modelFlux = Float64Array.from({ length: spectra[i].wavelength.length }, (_, k) => {
      const w = batch.w[s * K + k];
      return w > 0 ? out.modelW[k] / Math.sqrt(w) : NaN;
    });
  });
}

/** Columns of the fitted labels in the emulator's label vector (options.fit, default all). */
function fittedLabels(names: readonly string[], options: FitOptions): number[] {
  return (options.fit ?? names).map((n) => {
    const i = names.indexOf(n);
    if (i < 0)
      throw new DomainError(`fitSpectra: options.fit names unknown label '${n}'; expected one of ${names.join(', ')}`);
    return i;
  });
}

/** The radial-velocity search range [min, max] (km/s, default ±500), checked. */
function velocityRange(options: FitOptions): [number, number] {
  const vmin = options.rv?.min ?? -500;
  const vmax = options.rv?.max ?? 500;
  if (!(vmin < vmax) || !(Math.abs(vmin) < SPEED_OF_LIGHT_KMS) || !(Math.abs(vmax) < SPEED_OF_LIGHT_KMS)) {
    throw new DomainError(
      `fitSpectra: options.rv must have min < max, both below c in magnitude; got [${vmin}, ${vmax}] km/s`,
    );
  }
  return [vmin, vmax];
}

/** A value given for all spectra or per spectrum (original index), checked finite. */
function perSpectrum(v: number | ArrayLike<number>, batch: PreparedBatch, s: number, what: string): number {
  const x = typeof v === 'number' ? v : v[batch.index[s]];
  if (!Number.isFinite(x))
    throw new DomainError(`fitSpectra: ${what} for spectrum ${batch.index[s]} must be finite; got ${x}`);
  return x;
}

/** [S, L] physical values of every label (options.fixed, else the middle of its range; fitted ones are overwritten). */
function fixedLabels(emulator: Emulator, batch: PreparedBatch, options: FitOptions): Float64Array {
  const specs = emulator.labels;
  const S = batch.index.length;
  const out = new Float64Array(S * specs.length);
  for (let s = 0; s < S; s++) {
    specs.forEach((sp, c) => {
      const given = options.fixed?.[sp.name];
      out[s * specs.length + c] =
        given === undefined ? 0.5 * (sp.min + sp.max) : perSpectrum(given, batch, s, `options.fixed.${sp.name}`);
    });
  }
  return out;
}

/** [S] velocities used when the RV is not fitted (options.rv.value, default 0). */
function fixedVelocities(batch: PreparedBatch, options: FitOptions): Float64Array {
  const given = options.rv?.value;
  return Float64Array.from({ length: batch.index.length }, (_, s) =>
    given === undefined ? 0 : perSpectrum(given, batch, s, 'options.rv.value'),
  );
}

/** The fixed observation operators on the rest-frame flux: rotation at vsini, then a Gaussian LSF at resolvingPower. */
function observationOperator(batch: PreparedBatch, options: FitOptions): ((f: tf.Tensor2D) => tf.Tensor2D) | undefined {
  const ops: ((f: tf.Tensor2D) => tf.Tensor2D)[] = [];
  if (options.vsini !== undefined && options.vsini > 0)
    ops.push(rotationalBroadeningOperator(batch.restWavelength, options.vsini, options.limbDarkening));
  if (options.resolvingPower !== undefined && Number.isFinite(options.resolvingPower))
    ops.push(gaussianLsfOperator(batch.restWavelength, options.resolvingPower));
  if (ops.length === 0) return undefined;
  return (f) =>
    ops.reduce((x, op) => {
      const y = op(x);
      if (x !== f) x.dispose();
      return y;
    }, f);
}

/** The optimisers' result per row (LM) or per spectrum (after pickBest). */
interface Optimised {
  theta: Float64Array;
  chi2: Float64Array;
  A: Float64Array;
  converged: boolean[];
  iterations: Int32Array;
  failure: string[];
}

/** Levenberg–Marquardt from the multi-start's starts (see multiStart). */
function fitLm(
  model: SpectrumModel,
  starts: Parameters<typeof multiStart>[1],
  lo: Float64Array,
  hi: Float64Array,
  options: FitOptions,
): Optimised {
  const progress = options.onProgress ?? (() => {});
  progress({ phase: 'initial', step: 0, total: 1 });
  const { th, rows, rest } = multiStart(model, starts);
  const lm = levenbergMarquardt(model, th, rows, lo, hi, {
    ...options.lm,
    rest0: rest,
    onIteration: (it) => progress({ phase: 'lm', step: it + 1, total: options.lm?.maxIterations ?? 100 }),
  });
  return pickBest(lm, rows, model.batch.index.length, model.P);
}

/**
 * The paper's Adam protocol from `starts` random label vectors (default 10) at the first-guess velocity; then σ from a
 * finite-difference JᵀWJ at the best, and `converged` when a (bounded) Gauss–Newton step from it predicts a χ²
 * decrease below adam.chi2Tolerance (default 1).
 */
function fitAdam(
  model: SpectrumModel,
  v0: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  options: FitOptions,
): Optimised {
  const progress = options.onProgress ?? (() => {});
  const { P } = model;
  const S = model.batch.index.length;
  const starts = options.starts ?? 10;
  const steps = options.adam?.steps ?? 2000;
  const rand = mulberry32(options.seed ?? 1);
  const init = startRows(model, v0, () => rand() - 0.5, starts);
  withLinearContinuum(model, init.th, init.rows, model.restFluxHost(init.th, init.rows));
  const theta = adamProtocol(model, init.th, init.rows, lo, hi, {
    ...options.adam,
    onStep: (t, T) => progress({ phase: 'adam', step: t, total: T }),
  });
  const { chi2 } = model.normalEquations(theta, init.rows, false, 1e-3);
  const R = S * starts;
  const sel = pickBest(
    {
      theta,
      chi2,
      A: new Float64Array(R * P * P),
      converged: new Array(R).fill(true),
      iterations: new Int32Array(R).fill(steps),
      failure: new Array(R).fill(''),
    },
    init.rows,
    S,
    P,
  );
  progress({ phase: 'uncertainty', step: 0, total: 1 });
  const ne = model.normalEquations(
    sel.theta,
    Int32Array.from({ length: S }, (_, s) => s),
    true,
    options.lm?.step ?? 1e-3,
  );
  const tolerance = options.adam?.chi2Tolerance ?? 1;
  const delta = new Float64Array(P);
  for (let s = 0; s < S; s++) {
    const A = ne.A!.subarray(s * P * P, (s + 1) * P * P);
    const g = ne.g!.subarray(s * P, (s + 1) * P);
    const ok = activeSetStep(A, g, 0, sel.theta.subarray(s * P, (s + 1) * P), lo, hi, delta);
    const predicted = ok ? predictedDecrease(A, g, delta) : NaN;
    sel.converged[s] = ok && predicted < tolerance;
    if (!sel.converged[s])
      sel.failure[s] = ok
        ? `after ${steps} Adam steps a Gauss–Newton step still predicts a χ² decrease of ${predicted.toPrecision(3)} (tolerance ${tolerance})`
        : 'the normal equations at the Adam result are not positive definite';
  }
  return { ...sel, chi2: ne.chi2, A: ne.A! };
}

/** Per spectrum, the row (start) with the lowest χ²; iterations add up over the starts. */
function pickBest(r: Optimised, rows: Int32Array, S: number, P: number): Optimised {
  const theta = new Float64Array(S * P);
  const chi2 = new Float64Array(S).fill(Infinity);
  const A = new Float64Array(S * P * P);
  const converged = new Array<boolean>(S).fill(false);
  const failure = new Array<string>(S).fill('no start finished');
  const iterations = new Int32Array(S);
  rows.forEach((s, k) => {
    iterations[s] += r.iterations[k];
    if (!(r.chi2[k] < chi2[s])) return;
    chi2[s] = r.chi2[k];
    theta.set(r.theta.subarray(k * P, (k + 1) * P), s * P);
    A.set(r.A.subarray(k * P * P, (k + 1) * P * P), s * P * P);
    converged[s] = r.converged[k];
    failure[s] = r.failure[k];
  });
  return { theta, chi2, A, converged, iterations, failure };
}
