import type * as tf from '@tensorflow/tfjs';
import { DomainError, type Emulator } from '@astroemu/emulator-core';
import { invertSymmetric } from '@astroemu/crb';
import { SPEED_OF_LIGHT_KMS } from '@astroemu/grid-io';
import { activeSetStep } from './activeSetStep';
import { adamProtocol } from './adamProtocol';
import { gaussianLsfOperator, rotationalBroadeningOperator } from './broadenTensor';
import { crossCorrelationRv } from './crossCorrelationRv';
import type { FitFlag, FitOptions, FitResult, ObservedSpectrum } from './fitTypes';
import { levenbergMarquardt } from './levenbergMarquardt';
import { linearContinuum } from './linearContinuum';
import { prepareSpectra } from './prepareSpectra';
import { SpectrumModel } from './spectrumModel';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Halton point i (≥ 1) in dimension d, in [0, 1). */
function halton(i: number, d: number): number {
  const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];
  const b = primes[d % primes.length];
  let f = 1;
  let r = 0;
  let n = i + Math.floor(d / primes.length) * 7919;
  while (n > 0) {
    f /= b;
    r += f * (n % b);
    n = Math.floor(n / b);
  }
  return r;
}

/**
 * Fits labels (any subset, the rest fixed), radial velocity and an optional multiplicative
 * continuum to observed spectra with any emulator. All spectra (and all their starts) are one
 * batched tensor program per iteration. Spectra that cannot be fitted get an 'error' result; the
 * others continue. See FitOptions for the two optimisers.
 */
export function fitSpectra(emulator: Emulator, spectra: readonly ObservedSpectrum[], options: FitOptions = {}): FitResult[] {
  const who = 'fitSpectra';
  const specs = emulator.labels;
  const L = specs.length;
  const names = specs.map((s) => s.name);
  const free = (options.fit ?? names).map((n) => {
    const i = names.indexOf(n);
    if (i < 0) throw new DomainError(`${who}: options.fit names unknown label '${n}'; expected one of ${names.join(', ')}`);
    return i;
  });
  const vmin = options.rv?.min ?? -500;
  const vmax = options.rv?.max ?? 500;
  if (!(vmin < vmax) || !(Math.abs(vmin) < SPEED_OF_LIGHT_KMS) || !(Math.abs(vmax) < SPEED_OF_LIGHT_KMS)) {
    throw new DomainError(`${who}: options.rv must have min < max, both below c in magnitude; got [${vmin}, ${vmax}] km/s`);
  }
  const rvFit = options.rv?.fit ?? true;
  const optimizer = options.optimizer ?? 'lm';
  const progress = options.onProgress ?? (() => {});
  const degree = options.continuum && options.continuum.degree >= 0 ? Math.floor(options.continuum.degree) : -1;
  const nC = degree < 0 ? 0 : (options.continuum?.segments?.length ?? 1) * (degree + 1);
  progress({ phase: 'prepare', step: 0, total: spectra.length });
  // Usable pixels are those the emulator covers at every velocity the fit may use: the search range, or the fixed RVs.
  const given = options.rv?.value;
  const fixedRvs = given === undefined ? [0] : typeof given === 'number' ? [given] : Array.from(given);
  const [pmin, pmax] = rvFit ? [vmin, vmax] : [Math.min(...fixedRvs), Math.max(...fixedRvs)];
  const batch = prepareSpectra(emulator, spectra, options, pmin, pmax, free.length + (rvFit ? 1 : 0) + nC);
  const S = batch.index.length;
  const results: FitResult[] = spectra.map((_, i) => ({
    labels: Object.fromEntries(names.map((n) => [n, NaN])),
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
    error: batch.errors.get(i) ?? 'not fitted',
  }));
  if (S === 0) return results;

  const perSpectrum = (v: number | ArrayLike<number>, s: number, what: string): number => {
    const x = typeof v === 'number' ? v : v[batch.index[s]];
    if (!Number.isFinite(x)) throw new DomainError(`${who}: ${what} for spectrum ${batch.index[s]} must be finite; got ${x}`);
    return x;
  };
  const fixedPhys = new Float64Array(S * L);
  for (let s = 0; s < S; s++) {
    specs.forEach((sp, c) => {
      const given = options.fixed?.[sp.name];
      fixedPhys[s * L + c] = given === undefined ? 0.5 * (sp.min + sp.max) : perSpectrum(given, s, `options.fixed.${sp.name}`);
    });
  }
  const rvGiven = options.rv?.value;
  const rvFixed = Float64Array.from({ length: S }, (_, s) => (rvGiven === undefined ? 0 : perSpectrum(rvGiven, s, 'options.rv.value')));
  const ops: ((f: tf.Tensor2D) => tf.Tensor2D)[] = [];
  if (options.vsini !== undefined && options.vsini > 0) ops.push(rotationalBroadeningOperator(batch.restWavelength, options.vsini, options.limbDarkening));
  if (options.resolvingPower !== undefined && Number.isFinite(options.resolvingPower)) ops.push(gaussianLsfOperator(batch.restWavelength, options.resolvingPower));
  const operator = ops.length === 0 ? undefined : (f: tf.Tensor2D) => ops.reduce((x, op) => {
    const y = op(x);
    if (x !== f) x.dispose();
    return y;
  }, f);
  const model = new SpectrumModel(emulator, batch, free, fixedPhys, rvFit, rvFixed, operator, options.maxRows ?? 2048);
  try {
    const P = model.P;
    const lo = new Float64Array(P).fill(-Infinity);
    const hi = new Float64Array(P).fill(Infinity);
    for (let p = 0; p < model.PL; p++) [lo[p], hi[p]] = [-0.5, 0.5];
    if (rvFit) [lo[model.rvIndex], hi[model.rvIndex]] = [vmin, vmax];
    const all = Int32Array.from({ length: S }, (_, s) => s);

    // 1. Radial-velocity first guess, by cross-correlation with the emulator at the box centre (one row per spectrum,
    //    which is also the first initial-guess candidate)
    progress({ phase: 'rv', step: 0, total: 1 });
    const N = model.restLength;
    const ccWanted = rvFit && rvGiven === undefined;
    const restCentre = optimizer === 'lm' || ccWanted ? model.restFluxHost(new Float64Array(S * P), all) : new Float32Array(0);
    let v0: Float64Array = rvFixed;
    let ccEdge = new Array<boolean>(S).fill(false);
    const labelCandidates = Math.max(0, Math.floor(options.initialCandidates ?? 0)) + 1;
    let rvPeaks: Float64Array[] = Array.from({ length: S }, (_, s) => Float64Array.of(rvFit ? 0 : rvFixed[s]));
    if (ccWanted) {
      const cc = crossCorrelationRv(model, restCentre, vmin, vmax, Math.max(1, Math.floor(options.rvCandidates ?? (labelCandidates > 1 ? 3 : 1))));
      v0 = cc.v;
      ccEdge = cc.atEdge;
      rvPeaks = cc.peaks;
    } else if (rvFit) rvPeaks = Array.from({ length: S }, (_, s) => Float64Array.of(v0[s]));
    const rand = mulberry32(options.seed ?? 1);
    const makeRows = (labelsScaled: (s: number, k: number, p: number) => number, k: number) => {
      const th = new Float64Array(S * k * P);
      const rows = new Int32Array(S * k);
      for (let s = 0; s < S; s++) {
        for (let j = 0; j < k; j++) {
          const r = s * k + j;
          rows[r] = s;
          for (let p = 0; p < model.PL; p++) th[r * P + p] = labelsScaled(s, j, p);
          if (rvFit) th[r * P + model.rvIndex] = v0[s];
        }
      }
      return { th, rows };
    };
    /** Solves the linear continuum of rows from their rest flux (written into θ); returns their χ². */
    const withContinuum = (th: Float64Array, rows: Int32Array, rest: Float32Array, restRow = Int32Array.from(rows, (_, r) => r)) => {
      const v = Float64Array.from(rows, (sp, r) => (rvFit ? th[r * P + model.rvIndex] : rvFixed[sp]));
      const E = model.shiftHost(rest, restRow, rows, v);
      const { coef, chi2 } = linearContinuum(batch, E, rows);
      for (let r = 0; r < rows.length; r++) for (let c = 0; c < batch.C; c++) th[r * P + model.contOffset + c] = coef[r * batch.C + c];
      return chi2;
    };

    /**
     * The LM's starts, exploring labels AND velocity: every label candidate (the box centre, the reference fitters'
     * p0, then Halton points of the label box; one emulator row each) at every velocity candidate (the highest peaks
     * of the cross-correlation; no emulator rows: the same rest flux, shifted), its linear continuum solved and its χ²
     * evaluated; the best `starts` of them that lie in different places (labels ≥ 0.1 of the box apart, or velocities
     * ≥ 3 pixels apart) are started, so that a second start does not fall back into the basin of the first.
     */
    const multiStart = (nLabels: number, velocities: Float64Array[], centreRest: Float32Array) => {
      const labelRows = makeRows((_s, j, p) => (j === 0 ? 0 : halton(j, p) - 0.5), nLabels);
      const rest = new Float32Array(S * nLabels * N);
      const extra = [...Array(S * nLabels).keys()].filter((r) => r % nLabels !== 0);
      const extraRest = model.restFluxHost(Float64Array.from(extra.flatMap((r) => Array.from(labelRows.th.subarray(r * P, (r + 1) * P)))), Int32Array.from(extra, (r) => labelRows.rows[r]));
      for (let s = 0; s < S; s++) rest.set(centreRest.subarray(s * N, (s + 1) * N), s * nLabels * N);
      extra.forEach((r, i) => rest.set(extraRest.subarray(i * N, (i + 1) * N), r * N));
      // candidate rows: (spectrum, label candidate, velocity candidate)
      const restRow: number[] = [];
      const spectrum: number[] = [];
      const candidateV: number[] = [];
      for (let s = 0; s < S; s++) {
        for (let j = 0; j < nLabels; j++) {
          for (const v of velocities[s]) {
            restRow.push(s * nLabels + j);
            spectrum.push(s);
            candidateV.push(v);
          }
        }
      }
      const C = restRow.length;
      const th = new Float64Array(C * P);
      restRow.forEach((lr, c) => {
        th.set(labelRows.th.subarray(lr * P, (lr + 1) * P), c * P);
        if (rvFit) th[c * P + model.rvIndex] = candidateV[c];
      });
      const chi2 = withContinuum(th, Int32Array.from(spectrum), rest, Int32Array.from(restRow));
      const wanted = Math.max(1, Math.floor(options.starts ?? 1));
      const chosen: number[][] = Array.from({ length: S }, () => []);
      const apart = (a: number, b: number) => {
        let d = 0;
        for (let p = 0; p < model.PL; p++) d = Math.max(d, Math.abs(th[a * P + p] - th[b * P + p]));
        const dv = rvFit ? Math.abs(th[a * P + model.rvIndex] - th[b * P + model.rvIndex]) : 0;
        return d >= 0.1 || dv >= 3 * batch.pixelVelocity[spectrum[a]];
      };
      const order = [...Array(C).keys()].sort((a, b) => spectrum[a] - spectrum[b] || chi2[a] - chi2[b]);
      for (const c of order) {
        const mine = chosen[spectrum[c]];
        if (mine.length < wanted && mine.every((o) => apart(c, o))) mine.push(c);
      }
      const picks = chosen.flat();
      const out = { th: new Float64Array(picks.length * P), rows: Int32Array.from(picks, (c) => spectrum[c]), rest: new Float32Array(picks.length * N) };
      picks.forEach((c, i) => {
        out.th.set(th.subarray(c * P, (c + 1) * P), i * P);
        out.rest.set(rest.subarray(restRow[c] * N, (restRow[c] + 1) * N), i * N);
      });
      return out;
    };

    // 2. Optimise
    let best: Optimised;
    if (optimizer === 'lm') {
      progress({ phase: 'initial', step: 0, total: 1 });
      const start = multiStart(labelCandidates, rvPeaks, restCentre);
      const { th: th0, rows, rest: rest0 } = start;
      const lm = levenbergMarquardt(model, th0, rows, lo, hi, { ...options.lm, rest0, onIteration: (it) => progress({ phase: 'lm', step: it + 1, total: options.lm?.maxIterations ?? 100 }) });
      best = pickBest(lm, rows, S, P);
    } else {
      const starts = options.starts ?? 10;
      const init = makeRows(() => rand() - 0.5, starts);
      withContinuum(init.th, init.rows, model.restFluxHost(init.th, init.rows));
      const steps = options.adam?.steps ?? 2000;
      const theta = adamProtocol(model, init.th, init.rows, lo, hi, { ...options.adam, onStep: (t, T) => progress({ phase: 'adam', step: t, total: T }) });
      const { chi2 } = model.normalEquations(theta, init.rows, false, 1e-3);
      const R = S * starts;
      const sel = pickBest({ theta, chi2, A: new Float64Array(R * P * P), converged: new Array(R).fill(true), iterations: new Int32Array(R).fill(steps), failure: new Array(R).fill('') }, init.rows, S, P);
      progress({ phase: 'uncertainty', step: 0, total: 1 });
      const ne = model.normalEquations(sel.theta, all, true, options.lm?.step ?? 1e-3);
      // Converged when a (bounded) Gauss–Newton step from Adam's result predicts a χ² decrease below the tolerance.
      const tolerance = options.adam?.chi2Tolerance ?? 1;
      const delta = new Float64Array(P);
      for (let s = 0; s < S; s++) {
        const A = ne.A!.subarray(s * P * P, (s + 1) * P * P);
        const g = ne.g!.subarray(s * P, (s + 1) * P);
        const ok = activeSetStep(A, g, 0, sel.theta.subarray(s * P, (s + 1) * P), lo, hi, delta);
        let predicted = 0;
        for (let i = 0; i < P; i++) {
          let ad = 0;
          for (let j = 0; j < P; j++) ad += A[i * P + j] * delta[j];
          predicted += 2 * delta[i] * g[i] - delta[i] * ad;
        }
        sel.converged[s] = ok && predicted < tolerance;
        if (!sel.converged[s]) sel.failure[s] = ok ? `after ${steps} Adam steps a Gauss–Newton step still predicts a χ² decrease of ${predicted.toPrecision(3)} (tolerance ${tolerance})` : 'the normal equations at the Adam result are not positive definite';
      }
      best = { ...sel, chi2: ne.chi2, A: ne.A! };
    }

    // 3. Results
    for (let s = 0; s < S; s++) {
      const i = batch.index[s];
      const th = best.theta.subarray(s * P, (s + 1) * P);
      const inv = invertSymmetric(best.A.subarray(s * P * P, (s + 1) * P * P), P);
      const dof = Math.max(1, batch.used[s] - P);
      const red = best.chi2[s] / dof;
      const inflate = options.scaleByReducedChi2 ? Math.sqrt(Math.max(1, red)) : 1;
      const sd = (p: number) => Math.sqrt(inv.inverse[p * P + p]) * inflate;
      const labels: Record<string, number> = {};
      const uncertainties: Record<string, number> = {};
      specs.forEach((sp, c) => (labels[sp.name] = fixedPhys[s * L + c]));
      const atBound: string[] = [];
      free.forEach((c, p) => {
        const { name, min, max } = specs[c];
        labels[name] = min + (th[p] + 0.5) * (max - min);
        uncertainties[name] = sd(p) * (max - min);
        if (Math.abs(Math.abs(th[p]) - 0.5) < 1e-3) atBound.push(name);
      });
      const rv = rvFit ? th[model.rvIndex] : rvFixed[s];
      const flags: FitFlag[] = [];
      const notes: string[] = [];
      if (atBound.length) flags.push('at-bound');
      if (!best.converged[s]) {
        flags.push('not-converged');
        notes.push(`not-converged: ${best.failure[s]}`);
      }
      if (batch.lost[s] > 0) {
        flags.push('partial-coverage');
        notes.push(`partial-coverage: ${batch.lost[s]} of ${batch.lost[s] + batch.used[s]} usable pixels lie outside ${batch.window[0].toFixed(2)}–${batch.window[1].toFixed(2)} Å, the emulator's window over the velocities of the fit, and were left out`);
      }
      if (red > (options.poorChi2 ?? 3)) flags.push('poor-chi2');
      if (rvFit && (ccEdge[s] || Math.min(rv - vmin, vmax - rv) < 0.01 * (vmax - vmin))) flags.push('rv-at-edge');
      if (inv.unconstrained.some((u, p) => u && p < model.PL)) flags.push('unconstrained');
      const parameters = free.map((c) => specs[c].name);
      const unit = free.map((c) => specs[c].max - specs[c].min);
      if (rvFit) {
        parameters.push('rv');
        unit.push(1);
      }
      const idx = free.map((_, p) => p).concat(rvFit ? [model.rvIndex] : []);
      const values = idx.flatMap((a, i) => idx.map((b, j) => inv.inverse[a * P + b] * unit[i] * unit[j] * inflate * inflate));
      const continuum = Array.from({ length: batch.segments }, (_, k) => Array.from(th.subarray(model.contOffset + k * (degree + 1), model.contOffset + (k + 1) * (degree + 1))));
      results[i] = {
        labels,
        uncertainties,
        rv,
        rvUncertainty: rvFit ? sd(model.rvIndex) : 0,
        continuum,
        chi2: best.chi2[s],
        reducedChi2: red,
        pixelsUsed: batch.used[s],
        emulatorEvaluations: model.evaluations[s],
        iterations: best.iterations[s],
        converged: best.converged[s],
        pixelsLost: batch.lost[s],
        covariance: { parameters, values },
        notes,
        flags,
        atBound,
      };
    }
    progress({ phase: 'done', step: S, total: S });
    return results;
  } finally {
    model.dispose();
  }
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
