import {
  boundedLevenbergMarquardt,
  cholesky,
  choleskySolve,
  difference,
  normalEquations,
  type BoundedLmOptions,
  type BoundedLmResult,
} from './boundedLm';
import type { CompositeModel } from './CompositeModel';
import { halton } from './halton';

/** The observed spectra of one star (one per exposure, on the exposures' grids given to the CompositeModel). */
export interface CompositeData {
  flux: ArrayLike<number>[];
  /** σ per pixel (the same that built the model's continuum operators); non-finite or ≤ 0 = pixel not used. */
  sigma: ArrayLike<number>[];
  /** Nonzero = pixel not used. */
  mask?: (ArrayLike<number> | undefined)[];
}

export interface FitCompositeOptions {
  /**
   * Quasi-random (Halton) points in the whole parameter box (labels AND velocities; a per-exposure parameter with one
   * value for all exposures) scored by χ² (default 16 per dimension explored: held parameters and the exposures of a
   * per-exposure parameter do not count). The second round (per-exposure velocities held) takes as many per dimension.
   */
  candidates?: number;
  /** Best distinct candidates refined by LM (default 4). Candidates closer than `distinctVelocity` in every velocity are merged. */
  starts?: number;
  /** km/s (default 15). */
  distinctVelocity?: number;
  /**
   * Velocity scan (km/s resolution, default 4; 0 = off): at each chosen candidate, each velocity parameter is scanned
   * over its range (every 2 × step, then the best ± step); a per-exposure velocity is chosen per exposure from that
   * exposure's own χ² (one batch covers all exposures). The scanned points are the LM starts.
   */
  velocityStep?: number;
  /**
   * Largest change of a velocity per LM iteration, km/s (default 10, about an APOGEE line width; Infinity = no cap):
   * a longer step is shortened as a whole, so a fit stays in its velocity basin instead of jumping to an alias.
   */
  maxVelocityStep?: number;
  /** Extra starting points (physical θ), refined besides the candidates (e.g. a previous fit). */
  initial?: ArrayLike<number>[];
  /** Parameters fixed at a value (by expanded name, e.g. 'vmacro2' or 'rv[1]'). */
  fixed?: Record<string, number>;
  /**
   * Parameters held at a value while candidates are scored and velocities scanned, then free in the LM (by expanded
   * name): seeds a fit from a simpler model's, as binspec does (the binary from the single star's labels and RV, the
   * SB2 from the SB1's labels and visit RVs; see {@link binspecSeed}). The search then explores the rest only.
   */
  hold?: Record<string, number>;
  lm?: BoundedLmOptions;
  /**
   * Every start runs `first` LM iterations (default 1); then at most `keep` of the lowest-χ² ones run on, in turns of
   * `iterations` (default 3, 2): the best always, another only while it could still end below the best's χ² — its χ²
   * minus `margin` × the gain its last Gauss–Newton model predicted is below it (default 4: on the binspec fits a run
   * continued from a pruning point descended 2–3× that prediction). One first iteration (it was 3 before
   * 2026-12-05): the seeded SB2 fit of the real visits needs 17 Jacobians instead of 29 at the same χ², the default
   * SB2 fit reaches a lower minimum (188 933.0 against 188 954.2), and the mock recoveries are unchanged.
   */
  prune?: { iterations: number; keep: number; margin?: number; first?: number };
  /** Rows per model call (default 64). */
  batch?: number;
  /**
   * false: evaluate through the batched tensor model with finite-difference Jacobians even when the model offers the
   * float64 host path with exact Jacobians (default: host path when available).
   */
  host?: boolean;
  /**
   * Score the quasi-random candidates and the velocity scans on the model's screening subset (a quarter of the pixels,
   * {@link CompositeModel.screeningPixels}) when it has one (default true); LM and covariance always use every pixel.
   */
  screening?: boolean;
  /**
   * After the LM, try exchanging the components a per-exposure velocity follows, exposure by exposure (default true;
   * models with several components and per-exposure velocities only, e.g. SB2 twins).
   */
  swaps?: boolean;
}

export interface CompositeFitResult {
  model: string;
  names: string[];
  theta: Float64Array;
  /** 1σ from the covariance (NaN for parameters fixed or held at a bound). */
  sigma: Float64Array;
  /** Full covariance, row-major names × names (NaN rows/columns for fixed / at-bound parameters). */
  covariance: Float64Array;
  chi2: number;
  /** Pixels used (all exposures). */
  pixels: number;
  dof: number;
  flags: ('not-converged' | 'at-bound')[];
  reason: string;
  /** χ² the LM's quadratic model still predicted to gain at its last Jacobian. */
  predictedGain: number;
  iterations: number;
  evaluations: number;
  /** χ² of every LM start (sorted), to show whether starts disagree (local minima). */
  startChi2: number[];
  /** Best-fit model flux per exposure. */
  modelFlux: Float32Array[];
}

/**
 * Fits a composite model to the exposures of one star: quasi-random candidates over the full box (labels and
 * velocities of every component; scored on the model's screening subset), the best distinct ones velocity-scanned, a
 * second round with the per-exposure velocities held, then the bounded LM from those starts (pruned, the promising
 * ones continued in turns); the best χ² kept; covariance (JᵀJ)⁻¹ from the exact Jacobian at the optimum (host path)
 * or central differences (tensor path).
 */
export function fitComposite(
  model: CompositeModel,
  data: CompositeData,
  options: FitCompositeOptions = {},
): CompositeFitResult {
  const params = model.parameters;
  const nAll = params.length;
  const E = model.exposures.length;
  if (data.flux.length !== E || data.sigma.length !== E)
    throw new Error(
      `fitComposite: the model has ${E} exposures; got ${data.flux.length} flux and ${data.sigma.length} sigma arrays`,
    );
  const fixed = options.fixed ?? {};
  for (const k of Object.keys(fixed)) {
    const p = params.find((q) => q.name === k);
    if (!p)
      throw new Error(
        `fitComposite: fixed parameter '${k}' is not a parameter (have ${params.map((q) => q.name).join(', ')})`,
      );
    if (!(fixed[k]! >= p.min && fixed[k]! <= p.max))
      throw new Error(`fitComposite: fixed '${k}' = ${fixed[k]} is outside [${p.min}, ${p.max}]`);
  }
  const holdValues = options.hold ?? {};
  for (const k of Object.keys(holdValues)) {
    const p = params.find((q) => q.name === k);
    if (!p)
      throw new Error(
        `fitComposite: held parameter '${k}' is not a parameter (have ${params.map((q) => q.name).join(', ')})`,
      );
    if (!(holdValues[k]! >= p.min && holdValues[k]! <= p.max))
      throw new Error(`fitComposite: held '${k}' = ${holdValues[k]} is outside [${p.min}, ${p.max}]`);
    if (fixed[k] !== undefined) throw new Error(`fitComposite: '${k}' is both fixed and held`);
  }
  const freeIdx = params.map((_, i) => i).filter((i) => fixed[params[i]!.name] === undefined);
  const full = (free: ArrayLike<number>): Float64Array => {
    const t = Float64Array.from(params, (p) => fixed[p.name] ?? NaN);
    freeIdx.forEach((i, a) => (t[i] = Number(free[a])));
    return t;
  };
  // Pixels used and 1/σ per exposure.
  const use = data.flux.map((f, e) => {
    const s = data.sigma[e]!;
    const m = data.mask?.[e];
    const idx: number[] = [];
    for (let i = 0; i < f.length; i++)
      if (Number.isFinite(f[i]) && Number.isFinite(s[i]) && s[i]! > 0 && !(m && m[i])) idx.push(i);
    return Int32Array.from(idx);
  });
  const pixels = use.reduce((a, u) => a + u.length, 0);
  // The used pixels' data and 1/σ, per exposure, in float64.
  const yUsed = use.map((u, e) => Float64Array.from(u, (i) => Number(data.flux[e]![i])));
  const wUsed = use.map((u, e) => Float64Array.from(u, (i) => 1 / Number(data.sigma[e]![i])));
  const batch = options.batch ?? 64;
  const host = model.hasHostEvaluation && options.host !== false;
  const evalChunks = (thetas: Float64Array[]): ArrayLike<number>[][] => {
    if (host) return thetas.map((t) => model.evaluateHost(t).flux);
    const out: Float32Array[][] = [];
    for (let at = 0; at < thetas.length; at += batch) {
      const chunk = thetas.slice(at, at + batch);
      const fl = model.evaluate(chunk);
      const M = fl.map((f) => f.length / chunk.length);
      chunk.forEach((_, b) => out.push(fl.map((f, e) => f.subarray(b * M[e]!, (b + 1) * M[e]!))));
    }
    return out;
  };
  const chi2PerExposure = (freeThetas: Float64Array[]): Float64Array[] =>
    evalChunks(freeThetas.map(full)).map((fl) =>
      Float64Array.from(fl, (f, e) => {
        const u = use[e]!;
        const y = yUsed[e]!;
        const w = wUsed[e]!;
        let c = 0;
        for (let k = 0; k < u.length; k++) c += ((f[u[k]!]! - y[k]!) * w[k]!) ** 2;
        return c;
      }),
    );
  // Candidate scores (χ² per exposure): on the screening subset's used pixels when the model has one.
  const subset = host && options.screening !== false ? model.screeningPixels : undefined;
  const screenUse = subset?.map((S, e) => {
    const inUse = new Uint8Array(data.flux[e]!.length);
    for (const i of use[e]!) inUse[i] = 1;
    return S.filter((i) => inUse[i] === 1);
  });
  const screenChi2 = (freeThetas: Float64Array[]): Float64Array[] =>
    screenUse
      ? freeThetas.map((t) => {
          const fl = model.evaluateScreening(full(t))!.flux;
          return Float64Array.from(fl, (f, e) => {
            const y = data.flux[e]!;
            const sg = data.sigma[e]!;
            let c = 0;
            for (const i of screenUse[e]!) c += ((f[i]! - Number(y[i])) / Number(sg[i])) ** 2;
            return c;
          });
        })
      : chi2PerExposure(freeThetas);
  const total = (c: Float64Array) => c.reduce((a, b) => a + b, 0);
  const residuals = (freeThetas: Float64Array[]): Float64Array[] =>
    evalChunks(freeThetas.map(full)).map((fl) => {
      const r = new Float64Array(pixels);
      let at = 0;
      fl.forEach((f, e) => {
        const u = use[e]!;
        const y = yUsed[e]!;
        const w = wUsed[e]!;
        for (let k = 0; k < u.length; k++) r[at + k] = (f[u[k]!]! - y[k]!) * w[k]!;
        at += u.length;
      });
      return r;
    });
  /** Exact residual Jacobian over the free parameters (host path): columns ∂r/∂θ_a on the used pixels. */
  const jacobian = (free: Float64Array): { residuals: Float64Array; columns: Float64Array[] } => {
    const ev = model.evaluateHost(full(free), true);
    const r = new Float64Array(pixels);
    const columns = freeIdx.map(() => new Float64Array(pixels));
    let at = 0;
    ev.flux.forEach((f, e) => {
      const u = use[e]!;
      const y = yUsed[e]!;
      const w = wUsed[e]!;
      for (let k = 0; k < u.length; k++) r[at + k] = (f[u[k]!]! - y[k]!) * w[k]!;
      freeIdx.forEach((i, a) => {
        const c = ev.jacobian![e]![i];
        if (!c) return;
        const col = columns[a]!;
        for (let k = 0; k < u.length; k++) col[at + k] = c[u[k]!]! * w[k]!;
      });
      at += u.length;
    });
    return { residuals: r, columns };
  };
  const lower = Float64Array.from(freeIdx, (i) => params[i]!.min);
  const upper = Float64Array.from(freeIdx, (i) => params[i]!.max);
  const n = freeIdx.length;
  // Quasi-random candidates over the box. A per-exposure parameter takes one value for all exposures here (the
  // velocity scan below separates the exposures): a quasi-random velocity per visit would almost never line up.
  const heldAt = Float64Array.from(freeIdx, (i) => holdValues[params[i]!.name] ?? Number.NaN);
  const isHeld = (a: number) => !Number.isNaN(heldAt[a]!);
  const dimKey = freeIdx.map((i) => (params[i]!.exposure === undefined ? params[i]!.name : `${params[i]!.base}[]`));
  const dims = [...new Set(dimKey.filter((_, a) => !isHeld(a)))];
  const perDimension = options.candidates === undefined ? 16 : options.candidates / Math.max(1, dims.length);
  const nCand = options.candidates ?? 16 * dims.length;
  const dimOf = dimKey.map((k) => dims.indexOf(k));
  const cands = Array.from({ length: nCand }, (_, c) => {
    const u = halton(c + 1, Math.max(1, dims.length));
    return Float64Array.from(dimOf, (d, a) => (isHeld(a) ? heldAt[a]! : lower[a]! + u[d]! * (upper[a]! - lower[a]!)));
  });
  const chi2s = screenChi2(cands).map(total);
  const order = chi2s.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0]);
  const vIdx = freeIdx
    .map((i, a) => [params[i]!.kind, a] as const)
    .filter(([k]) => k === 'velocity')
    .map(([, a]) => a);
  const dv = options.distinctVelocity ?? 15;
  const chosen: Float64Array[] = [];
  for (const [, i] of order) {
    if (chosen.length >= (options.starts ?? 4)) break;
    const c = cands[i]!;
    if (chosen.some((o) => vIdx.every((a) => Math.abs(o[a]! - c[a]!) < dv))) continue;
    chosen.push(c);
  }
  const step = options.velocityStep ?? 4;
  /** The velocities the scans choose (held ones stay). */
  const scannedV = vIdx.filter((a) => !isHeld(a));
  let scanRows = 0;
  /** Each velocity parameter scanned (by base name: all exposures' rv[e] at once, each exposure by its own χ²). */
  const scan = (start: Float64Array): Float64Array => {
    const scanned = start.slice();
    const bases = [...new Set(scannedV.map((a) => params[freeIdx[a]!]!.base))];
    for (const base of bases) {
      const idx = scannedV.filter((a) => params[freeIdx[a]!]!.base === base);
      const lo = Math.min(...idx.map((a) => lower[a]!));
      const hi = Math.max(...idx.map((a) => upper[a]!));
      // Coarse (2 × step over the range), then each parameter's best ± step: the step's resolution in about half the rows.
      const grid: number[] = [];
      for (let v = lo; v <= hi; v += 2 * step) grid.push(v);
      const rows = grid.map((v) => {
        const t = scanned.slice();
        for (const a of idx) t[a] = Math.min(upper[a]!, Math.max(lower[a]!, v));
        return t;
      });
      const pick = (rs: Float64Array[], c: Float64Array[]) => {
        for (const a of idx) {
          const e = params[freeIdx[a]!]!.exposure;
          let best = 0;
          const score = (k: number) => (e === undefined ? total(c[k]!) : c[k]![e]!);
          for (let k = 1; k < rs.length; k++) if (score(k) < score(best)) best = k;
          scanned[a] = rs[best]![a]!;
        }
      };
      pick(rows, screenChi2(rows));
      const fine = [0, -step, step].map((d) => {
        const t = scanned.slice();
        for (const a of idx) t[a] = Math.min(upper[a]!, Math.max(lower[a]!, scanned[a]! + d));
        return t;
      });
      pick(fine, screenChi2(fine));
      scanRows += rows.length + fine.length;
    }
    return scanned;
  };
  /** Same start: every velocity within `dv` and every other parameter within 5 % of its range. */
  const same = (o: Float64Array, c: Float64Array) =>
    o.every((x, a) =>
      vIdx.includes(a) ? Math.abs(x - c[a]!) < dv : Math.abs(x - c[a]!) < 0.05 * (upper[a]! - lower[a]!),
    );
  if (step > 0 && scannedV.length > 0) {
    // The chosen candidates' velocities are quasi-random: each is replaced by its velocity scan (labels kept), best
    // scan score first; scans that land on the same point are merged.
    const scanned = chosen.map(scan);
    const scores = screenChi2(scanned).map(total);
    chosen.length = 0;
    for (const k of scores.map((_, k) => k).sort((x, y) => scores[x]! - scores[y]!))
      if (!chosen.some((o) => same(o, scanned[k]!))) chosen.push(scanned[k]!);
    // Second round: quasi-random candidates for everything else, with the per-exposure velocities held at the best
    // scan's values (explores e.g. γ and q_dyn of an SB2 once each visit's primary velocity is known).
    const perExposure = scannedV.filter((a) => params[freeIdx[a]!]!.exposure !== undefined);
    if (perExposure.length > 0) {
      const best = chosen[0]!;
      const keep = (a: number) => perExposure.includes(a) || isHeld(a);
      const explored = freeIdx.filter((_, a) => !keep(a)).length;
      const nSecond = Math.round(perDimension * explored);
      const second = Array.from({ length: nSecond }, (_, c) => {
        const u = halton(nCand + c + 1, n);
        return Float64Array.from(u, (x, a) => (keep(a) ? best[a]! : lower[a]! + x * (upper[a]! - lower[a]!)));
      });
      const c2 = screenChi2(second).map(total);
      scanRows += second.length;
      const order2 = c2.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0]);
      let added = 0;
      for (const [, i] of order2) {
        if (added >= (options.starts ?? 4) - 1) break;
        const c = second[i]!;
        if (chosen.some((o) => vIdx.every((a) => Math.abs(o[a]! - c[a]!) < dv))) continue;
        chosen.push(c);
        added++;
      }
    }
  }
  for (const t of options.initial ?? [])
    chosen.push(Float64Array.from(freeIdx, (i) => Math.min(params[i]!.max, Math.max(params[i]!.min, Number(t[i])))));
  const problem = { lower, upper, residuals, ...(host && { jacobian }) };
  const vStep = options.maxVelocityStep ?? 10;
  const lmOptions: BoundedLmOptions = {
    ...(Number.isFinite(vStep) && {
      maxStep: Float64Array.from(freeIdx, (i) => (params[i]!.kind === 'velocity' ? vStep : Number.POSITIVE_INFINITY)),
    }),
    ...options.lm,
  };
  const prune = options.prune ?? { iterations: 3, keep: 2, first: 1 };
  const margin = prune.margin ?? 4;
  /** Whether a run could still end below the best χ² so far (its χ² minus margin × its predicted gain). */
  const promising = (r: BoundedLmResult, best: number) => r.chi2 - margin * Math.max(0, r.predictedGain) < best;
  const maxIt = lmOptions.maxIterations ?? 100;
  /**
   * LM from these starts: `first` iterations each (default `prune.iterations`), then the promising ones continued in
   * turns of `prune.iterations` (sorted by χ²); with `toBeat`, only runs still promising against that χ² continue.
   */
  const descend = (
    starts: Float64Array[],
    toBeat = Number.POSITIVE_INFINITY,
    first = prune.iterations,
  ): BoundedLmResult[] => {
    const runs = starts.map((start) =>
      boundedLevenbergMarquardt(problem, start, { ...lmOptions, maxIterations: first }),
    );
    runs.sort((a, b) => a.chi2 - b.chi2);
    // The kept runs go on in turns of `prune.iterations` (damping carried over); after each turn a run that is no
    // longer promising against the best run's χ² stops there (two runs in neighbouring valleys do not both crawl on).
    const going = new Set(
      runs
        .map((_, i) => i)
        .filter(
          (i) =>
            i < prune.keep &&
            runs[i]!.reason === 'iterations' &&
            (i === 0 || promising(runs[i]!, runs[0]!.chi2)) &&
            promising(runs[i]!, toBeat),
        ),
    );
    while (going.size > 0) {
      for (const i of going) {
        const r = runs[i]!;
        const more = boundedLevenbergMarquardt(problem, r.theta, {
          ...lmOptions,
          lambda: r.lambda,
          maxIterations: Math.min(prune.iterations, maxIt - r.iterations),
        });
        runs[i] = {
          ...more,
          iterations: more.iterations + r.iterations,
          evaluations: more.evaluations + r.evaluations,
        };
        if (more.reason !== 'iterations' || runs[i]!.iterations >= maxIt) going.delete(i);
      }
      const bestChi2 = Math.min(...runs.map((r) => r.chi2));
      const leader = runs.find((r) => r.chi2 === bestChi2)!;
      // A run that is hopeless, or that has joined the leader (every parameter within 1 % of its range), stops.
      const joined = (r: BoundedLmResult) =>
        r !== leader && r.theta.every((x, a) => Math.abs(x - leader.theta[a]!) < 0.01 * (upper[a]! - lower[a]!));
      for (const i of going)
        if (runs[i]!.chi2 > bestChi2 && (!promising(runs[i]!, bestChi2) || joined(runs[i]!))) going.delete(i);
    }
    return runs.sort((a, b) => a.chi2 - b.chi2);
  };
  let runs = descend(chosen, Number.POSITIVE_INFINITY, prune.first ?? prune.iterations);
  // Component swaps per exposure: when two components are alike (q ≈ 1), which one a per-exposure velocity follows is
  // ambiguous visit by visit. From the best fit, each per-exposure velocity is moved to every other component's
  // velocity in that exposure (for an SB2: the visit's two stars exchanged); a swap that lowers χ² is kept and the
  // swaps are tried again from it (at most once per exposure).
  const perExposureV = vIdx.filter((a) => params[freeIdx[a]!]!.exposure !== undefined);
  if (options.swaps !== false && perExposureV.length > 0 && model.spec.components.length > 1) {
    for (let round = 0; round < E; round++) {
      const at = runs[0]!.theta;
      const described = model.describe(full(at));
      const swaps: Float64Array[] = [];
      for (const a of perExposureV) {
        const e = params[freeIdx[a]!]!.exposure!;
        for (const c of described) {
          const v = c.rv[e]!;
          if (Math.abs(v - at[a]!) < dv || v < lower[a]! || v > upper[a]!) continue;
          const t = at.slice();
          t[a] = v;
          swaps.push(t);
        }
      }
      if (swaps.length === 0) break;
      // One iteration before the first pruning: a swap that does not pay off is far worse than the fit at once.
      const tried = descend(swaps, runs[0]!.chi2, 1);
      if (!(tried[0]!.chi2 < runs[0]!.chi2 - 1e-6 * runs[0]!.chi2)) break;
      runs = [...tried, ...runs].sort((a, b) => a.chi2 - b.chi2);
    }
  }
  runs.sort((a, b) => a.chi2 - b.chi2);
  const best = runs[0]!;
  // Covariance from a central-difference Jacobian (physical units) on the free, not-at-bound parameters.
  const live = [...Array(n).keys()].filter((a) => !best.atBound[a]);
  let J: Float64Array[];
  let covRows = 0;
  if (host) {
    const { columns } = jacobian(best.theta);
    J = live.map((a) => columns[a]!);
    covRows = 1;
  } else {
    const hs = live.map((a) => 1e-4 * (upper[a]! - lower[a]!));
    const rows: Float64Array[] = [];
    live.forEach((a, k) => {
      for (const sgn of [1, -1]) {
        const t = best.theta.slice();
        t[a] = t[a]! + sgn * hs[k]!;
        rows.push(t);
      }
    });
    const R = residuals(rows);
    J = live.map((_, k) => difference(R[2 * k]!, R[2 * k + 1]!, 2 * hs[k]!));
    covRows = rows.length;
  }
  const { A } = normalEquations(J, new Float64Array(pixels));
  const m = live.length;
  const covLive = new Float64Array(m * m).fill(NaN);
  const L = cholesky(A, m);
  if (L) {
    for (let c = 0; c < m; c++) {
      const col = choleskySolve(
        L,
        m,
        Float64Array.from({ length: m }, (_, i) => (i === c ? 1 : 0)),
      );
      for (let r = 0; r < m; r++) covLive[r * m + c] = col[r]!;
    }
  }
  const covariance = new Float64Array(nAll * nAll).fill(NaN);
  live.forEach((a, k) => live.forEach((b, l) => (covariance[freeIdx[a]! * nAll + freeIdx[b]!] = covLive[k * m + l]!)));
  const theta = full(best.theta);
  const flags: CompositeFitResult['flags'] = [];
  if (!best.converged || !L) flags.push('not-converged');
  if (best.atBound.some(Boolean)) flags.push('at-bound');
  return {
    model: model.spec.name,
    names: params.map((p) => p.name),
    theta,
    sigma: Float64Array.from({ length: nAll }, (_, i) => Math.sqrt(covariance[i * nAll + i]!)),
    covariance,
    chi2: best.chi2,
    pixels,
    dof: pixels - n,
    flags,
    reason: L ? best.reason : 'cholesky',
    predictedGain: best.predictedGain,
    iterations: best.iterations,
    evaluations: runs.reduce((a, r) => a + r.evaluations, 0) + nCand + covRows + scanRows,
    startChi2: runs.map((r) => r.chi2),
    modelFlux: host ? model.evaluateHost(theta).flux.map((f) => Float32Array.from(f)) : model.evaluate([theta]),
  };
}

/** χ² of several fits of the same data and the differences to the best (Δχ² > 0 = worse), with free-parameter counts. */
export function compareFits(
  fits: CompositeFitResult[],
): { model: string; chi2: number; parameters: number; deltaChi2: number; bic: number }[] {
  const best = Math.min(...fits.map((f) => f.chi2));
  return fits.map((f) => {
    const k = f.pixels - f.dof;
    return {
      model: f.model,
      chi2: f.chi2,
      parameters: k,
      deltaChi2: f.chi2 - best,
      bic: f.chi2 + k * Math.log(f.pixels),
    };
  });
}

function sumSq(r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i]! * r[i]!;
  return s;
}
