import { PosteriorError } from './errors';
import { toPhysical, toUnconstrained } from './labelTransform';
import { createLogPosterior, type LogPosterior, type LogPosteriorOptions } from './logPosterior';
import { type NutsChainState, initialNutsState, nutsChain } from './nutsChain';
import { type EnsembleState, runStretchMove } from './stretchMove';
import { type DiagnosticThresholds, type PosteriorSummary, summarizePosterior } from './summarizePosterior';
import { Xoshiro128, chainSeed } from './Xoshiro128';

/** Options of {@link samplePosterior}. */
export interface SamplePosteriorOptions extends LogPosteriorOptions {
  /** 'nuts' (default; uses the emulator's gradients) or 'ensemble' (affine-invariant stretch move; gradient-free, multi-modal). */
  sampler?: 'nuts' | 'ensemble';
  /** NUTS chains per spectrum (default 4). */
  chains?: number;
  /** Ensemble walkers per spectrum (even, ≥ 2 × free labels; default max(16, 4 × labels) rounded up to even). */
  walkers?: number;
  /** NUTS warm-up (adaptation) iterations, or ensemble burn-in iterations; discarded (default 500). Ignored on resume. */
  warmup?: number;
  /** Kept iterations per chain (NUTS, default 500) or per walker (ensemble, default 500; × walkers draws). */
  draws?: number;
  /** Ensemble: keep every `thin`-th ensemble (default 1). */
  thin?: number;
  /** NUTS: target acceptance statistic (default 0.8) and largest tree depth (default 10). */
  targetAccept?: number;
  maxTreeDepth?: number;
  /** Seed of every random draw (default 0): same seed and inputs, same draws. */
  seed?: number;
  /** Starting labels per spectrum (physical, one vector of all labels each, e.g. fitSpectra's result); default: random in z ∈ [−2, 2] as Stan. */
  init?: readonly ArrayLike<number>[];
  /** Continue from the state of an earlier run (same sampler, model and spectra): warm-up is not repeated. */
  state?: PosteriorState;
  /** Diagnostic thresholds for the warnings. */
  thresholds?: DiagnosticThresholds;
}

/** Everything needed to continue a run exactly (JSON-able). */
export interface PosteriorState {
  sampler: 'nuts' | 'ensemble';
  labels: string[];
  /** NUTS: [spectrum][chain]. */
  nuts?: NutsChainState[][];
  /** Ensemble: one per spectrum. */
  ensemble?: EnsembleState[];
  thin?: number;
}

/** Sampler statistics of one spectrum. */
export interface SamplerStats {
  /** NUTS: post-warm-up divergent transitions (0 for the ensemble). */
  divergences: number;
  /** NUTS: post-warm-up iterations that hit maxTreeDepth. */
  treeDepthHits: number;
  /** NUTS: mean acceptance statistic; ensemble: acceptance fraction. */
  acceptance: number;
  /** NUTS: mean leapfrog steps per iteration (gradient evaluations); ensemble: 1. */
  stepsPerIteration: number;
}

/** Result of {@link samplePosterior}. */
export interface PosteriorRun {
  labels: string[];
  /** Chains per spectrum (NUTS chains, or ensemble walkers). */
  chains: number;
  /** Draws per chain. */
  draws: number;
  /** Per spectrum: [chains × draws × labels] physical labels (fixed labels hold their value), row-major. */
  samples: Float64Array[];
  /** Per spectrum: indices of the free labels. */
  free: number[][];
  summaries: PosteriorSummary[];
  stats: SamplerStats[];
  /** Emulator rows predicted (each NUTS row also back-propagated). */
  evaluations: number;
  state: PosteriorState;
}

const WHO = 'samplePosterior';

/**
 * Samples the posterior of every spectrum's labels given the emulator, with NUTS or the ensemble sampler, all
 * spectra and chains batched: each gradient (NUTS) or density (ensemble) evaluation is one emulator call over every
 * chain that needs one. Returns draws, summaries (medians, 16/84 %, covariance, R̂, ESS, τ, warnings) and the state to
 * resume from.
 */
export function samplePosterior(opts: SamplePosteriorOptions): PosteriorRun {
  const sampler = opts.state?.sampler ?? opts.sampler ?? 'nuts';
  if (sampler !== 'nuts' && sampler !== 'ensemble')
    throw new PosteriorError(`${WHO}: sampler must be 'nuts' or 'ensemble'; got ${JSON.stringify(sampler)}`);
  if (opts.state && opts.sampler && opts.sampler !== opts.state.sampler)
    throw new PosteriorError(
      `${WHO}: state comes from the '${opts.state.sampler}' sampler; sampler says '${opts.sampler}'`,
    );
  const warmup = positiveInt('warmup', opts.warmup ?? 500, true);
  const draws = positiveInt('draws', opts.draws ?? 500, false);
  const seed = opts.seed ?? 0;
  const post = createLogPosterior(WHO, opts);
  try {
    if (opts.state && opts.state.labels.join() !== post.labels.join())
      throw new PosteriorError(
        `${WHO}: state is for labels ${opts.state.labels.join(', ')}; the model has ${post.labels.join(', ')}`,
      );
    if (opts.init && opts.init.length !== post.spectra)
      throw new PosteriorError(`${WHO}: init has ${opts.init.length} vectors; give one per spectrum (${post.spectra})`);
    const run =
      sampler === 'nuts' ? runNuts(post, opts, warmup, draws, seed) : runEnsemble(post, opts, warmup, draws, seed);
    const L = post.labels.length;
    const free = Array.from({ length: post.spectra }, (_, b) =>
      post.labels.map((_, l) => l).filter((l) => post.free[b * L + l]),
    );
    const summaries = run.samples.map((v, b) =>
      summarizePosterior(v, run.chains, draws, post.labels, free[b]!, opts.thresholds),
    );
    run.stats.forEach((s, b) => {
      if (s.divergences > 0)
        summaries[b]!.warnings.push(
          `${s.divergences} divergent transitions after warm-up: the posterior has regions NUTS cannot follow; raise targetAccept or reparameterise`,
        );
      if (s.treeDepthHits > 0)
        summaries[b]!.warnings.push(
          `${s.treeDepthHits} iterations hit maxTreeDepth: sampling is inefficient (strong correlations?)`,
        );
      if (sampler === 'ensemble' && s.acceptance < 0.1)
        summaries[b]!.warnings.push(
          `acceptance fraction ${s.acceptance.toFixed(2)} < 0.1: walkers are stuck (multi-modal or badly initialised)`,
        );
    });
    return {
      labels: [...post.labels],
      chains: run.chains,
      draws,
      samples: run.samples,
      free,
      summaries,
      stats: run.stats,
      evaluations: post.evaluations,
      state: run.state,
    };
  } finally {
    post.dispose();
  }
}

function positiveInt(field: string, v: number, zeroOk: boolean): number {
  if (!Number.isSafeInteger(v) || v < (zeroOk ? 0 : 1))
    throw new PosteriorError(`${WHO}: ${field} must be an integer ≥ ${zeroOk ? 0 : 1}; got ${v}`);
  return v;
}

interface Sampled {
  chains: number;
  samples: Float64Array[];
  stats: SamplerStats[];
  state: PosteriorState;
}

/** Physical labels of an unconstrained row (fixed labels: their value). */
function physicalRow(post: LogPosterior, b: number, z: ArrayLike<number>, out: Float64Array, at: number): void {
  const L = post.labels.length;
  for (let l = 0; l < L; l++)
    out[at + l] = post.free[b * L + l] ? toPhysical(post.priors[l]!, z[l]!) : post.fixedValues[b * L + l]!;
}

/**
 * Starting points: for each (spectrum, chain) a z with finite log-density (up to 100 tries, as Stan), batched.
 * `jitter`: spread around `init` in z (default: uniform in [−2, 2] without init).
 */
function initialPoints(
  post: LogPosterior,
  opts: SamplePosteriorOptions,
  perSpectrum: number,
  seed: number,
  withGradient: boolean,
  jitter: number,
) {
  const L = post.labels.length;
  const B = post.spectra;
  const n = B * perSpectrum;
  const z = new Float64Array(n * L);
  const spectrum = Int32Array.from({ length: n }, (_, r) => Math.floor(r / perSpectrum));
  const rngs = Array.from({ length: n }, (_, r) => new Xoshiro128(chainSeed(seed ^ 0x5eed, r)));
  const logp = new Float64Array(n).fill(-Infinity);
  const grad = new Float64Array(n * L);
  for (let attempt = 0; attempt < 100; attempt++) {
    const todo = Array.from({ length: n }, (_, r) => r).filter((r) => !Number.isFinite(logp[r]!));
    if (todo.length === 0) break;
    for (const r of todo) {
      const b = spectrum[r]!;
      for (let l = 0; l < L; l++) {
        const p = post.priors[l]!;
        const isFree = post.free[b * L + l];
        const guess = isFree ? opts.init?.[b]?.[l] : post.fixedValues[b * L + l];
        const inside = guess !== undefined && guess > p.min && guess < p.max;
        const centre = inside ? toUnconstrained(p, guess) : 0;
        z[r * L + l] = isFree
          ? centre + (inside && opts.init ? jitter * rngs[r]!.normal() : 4 * rngs[r]!.next() - 2)
          : centre;
      }
    }
    const rowsZ = new Float64Array(todo.length * L);
    todo.forEach((r, i) => rowsZ.set(z.subarray(r * L, (r + 1) * L), i * L));
    const a = post.evaluate(
      rowsZ,
      Int32Array.from(todo, (r) => spectrum[r]!),
      withGradient,
    );
    todo.forEach((r, i) => {
      logp[r] = a.logp[i]!;
      if (a.grad) grad.set(a.grad.subarray(i * L, (i + 1) * L), r * L);
    });
  }
  const bad = Array.from(logp).findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new PosteriorError(
      `${WHO}: no starting point with a finite log-density for spectrum ${spectrum[bad]} after 100 tries; check its flux/ivar and the priors`,
    );
  return { z, logp, grad, spectrum };
}

function runNuts(
  post: LogPosterior,
  opts: SamplePosteriorOptions,
  warmup: number,
  draws: number,
  seed: number,
): Sampled {
  const L = post.labels.length;
  const B = post.spectra;
  const C = opts.state?.nuts?.[0]?.length ?? positiveInt('chains', opts.chains ?? 4, false);
  let states: NutsChainState[][];
  if (opts.state) {
    if (!opts.state.nuts || opts.state.nuts.length !== B)
      throw new PosteriorError(`${WHO}: state.nuts must hold ${B} spectra × chains`);
    states = structuredClone(opts.state.nuts);
  } else {
    const init = initialPoints(post, opts, C, seed, true, 0.1);
    states = Array.from({ length: B }, (_, b) =>
      Array.from({ length: C }, (_, c) => {
        const r = b * C + c;
        return initialNutsState(
          init.z.subarray(r * L, (r + 1) * L),
          { logp: init.logp[r]!, grad: init.grad.subarray(r * L, (r + 1) * L) },
          warmup,
          chainSeed(seed, r),
        );
      }),
    );
  }
  const samples = Array.from({ length: B }, () => new Float64Array(C * draws * L));
  const stats = Array.from({ length: B }, () => ({
    divergences: 0,
    treeDepthHits: 0,
    acceptance: 0,
    stepsPerIteration: 0,
  }));
  const settings = { targetAccept: opts.targetAccept ?? 0.8, maxTreeDepth: opts.maxTreeDepth ?? 10 };
  const gens = states.flatMap((chains, b) =>
    chains.map((s, c) => {
      let d = 0;
      const remaining = Math.max(0, s.warmup - s.iteration) + draws;
      const free = post.free.subarray(b * L, (b + 1) * L);
      return nutsChain(s, free, remaining, settings, (z, st) => {
        physicalRow(post, b, z, samples[b]!, (c * draws + d) * L);
        d++;
        const t = stats[b]!;
        if (st.divergent) t.divergences++;
        if (st.treeDepth >= settings.maxTreeDepth) t.treeDepthHits++;
        t.acceptance += st.acceptStat / (C * draws);
        t.stepsPerIteration += st.leapfrogSteps / (C * draws);
      });
    }),
  );
  // the batching driver: every chain waiting for a density answer is evaluated in one call
  let pending: { g: number; z: Float64Array }[] = [];
  gens.forEach((gen, g) => {
    const r = gen.next();
    if (!r.done) pending.push({ g, z: r.value });
  });
  while (pending.length > 0) {
    const z = new Float64Array(pending.length * L);
    pending.forEach((p, i) => z.set(p.z, i * L));
    const a = post.evaluate(
      z,
      Int32Array.from(pending, (p) => Math.floor(p.g / C)),
      true,
    );
    const next: typeof pending = [];
    pending.forEach((p, i) => {
      const r = gens[p.g]!.next({ logp: a.logp[i]!, grad: a.grad!.slice(i * L, (i + 1) * L) });
      if (!r.done) next.push({ g: p.g, z: r.value });
    });
    pending = next;
  }
  return { chains: C, samples, stats, state: { sampler: 'nuts', labels: [...post.labels], nuts: states } };
}

function runEnsemble(
  post: LogPosterior,
  opts: SamplePosteriorOptions,
  warmup: number,
  draws: number,
  seed: number,
): Sampled {
  const L = post.labels.length;
  const B = post.spectra;
  const thin = opts.state?.thin ?? positiveInt('thin', opts.thin ?? 1, false);
  let states: EnsembleState[];
  if (opts.state) {
    if (!opts.state.ensemble || opts.state.ensemble.length !== B)
      throw new PosteriorError(`${WHO}: state.ensemble must hold ${B} spectra`);
    states = structuredClone(opts.state.ensemble);
  } else {
    const W = opts.walkers ?? 2 * Math.ceil(Math.max(16, 4 * L) / 2);
    if (!Number.isSafeInteger(W) || W % 2 !== 0 || W < 2 * Math.max(...post.dimension) || W < 4) {
      throw new PosteriorError(
        `${WHO}: walkers must be even and ≥ 2 × free labels (${2 * Math.max(...post.dimension)}); got ${W}`,
      );
    }
    const init = initialPoints(post, opts, W, seed, false, 0.01);
    states = Array.from({ length: B }, (_, b) => ({
      walkers: Array.from(init.z.subarray(b * W * L, (b + 1) * W * L)),
      logp: Array.from(init.logp.subarray(b * W, (b + 1) * W)),
      iteration: 0,
      burnIn: warmup,
      accepted: 0,
      proposed: 0,
      rng: new Xoshiro128(chainSeed(seed, b)).state,
    }));
  }
  const W = states[0]!.logp.length;
  const samples = Array.from({ length: B }, () => new Float64Array(W * draws * L));
  const kept = new Int32Array(B);
  const seen = new Int32Array(B);
  const iterations = Math.max(0, states[0]!.burnIn - states[0]!.iteration) + draws * thin;
  const accepted0 = states.map((s) => [s.accepted, s.proposed]);
  runStretchMove(
    states,
    L,
    post.dimension,
    iterations,
    (z, spectrum) => post.evaluate(z, spectrum, false).logp,
    (b, walkers) => {
      if (seen[b]++ % thin !== 0) return;
      const d = kept[b]++;
      for (let w = 0; w < W; w++)
        physicalRow(post, b, walkers.subarray(w * L, (w + 1) * L), samples[b]!, (w * draws + d) * L);
    },
  );
  const stats = states.map((s, b) => ({
    divergences: 0,
    treeDepthHits: 0,
    acceptance: (s.accepted - accepted0[b]![0]!) / Math.max(1, s.proposed - accepted0[b]![1]!),
    stepsPerIteration: 1,
  }));
  return {
    chains: W,
    samples,
    stats,
    state: { sampler: 'ensemble', labels: [...post.labels], ensemble: states, thin },
  };
}
