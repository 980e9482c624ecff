import { Xoshiro128 } from './Xoshiro128';

/** What a chain asks of the batched log-density: log p and ∂ log p/∂z at one point. */
export interface DensityAnswer {
  logp: number;
  grad: Float64Array;
}

/** Dual-averaging state (Hoffman & Gelman 2014, §3.2). */
interface DualAveraging {
  mu: number;
  hbar: number;
  logEpsBar: number;
  count: number;
}

/** The whole state of one NUTS chain between iterations: JSON-able, so a run can be saved and resumed exactly. */
export interface NutsChainState {
  z: number[];
  logp: number;
  grad: number[];
  stepSize: number;
  /** Diagonal inverse mass matrix (≈ posterior variance of z after adaptation). */
  invMass: number[];
  /** Iterations done (warm-up first). */
  iteration: number;
  /** Warm-up length this chain adapts over. */
  warmup: number;
  adaptation: DualAveraging & { n: number; mean: number[]; m2: number[] };
  rng: number[];
}

/** Per-draw statistics a chain reports. */
export interface NutsDrawStats {
  divergent: boolean;
  treeDepth: number;
  acceptStat: number;
  leapfrogSteps: number;
  stepSize: number;
}

export interface NutsSettings {
  /** Target mean acceptance statistic of dual averaging (default 0.8). */
  targetAccept: number;
  /** Largest tree depth (2^depth leapfrog steps; default 10). */
  maxTreeDepth: number;
}

interface Point {
  z: Float64Array;
  p: Float64Array;
  logp: number;
  grad: Float64Array;
}

interface Tree {
  minus: Point;
  plus: Point;
  proposal: Point;
  /** log of the summed weights exp(H0 − H) of the tree's points (multinomial sampling). */
  logw: number;
  turning: boolean;
  diverging: boolean;
  sumAccept: number;
  steps: number;
}

type Ask = Generator<Float64Array, Point, DensityAnswer>;

const GAMMA = 0.05;
const T0 = 10;
const KAPPA = 0.75;
const MAX_DELTA_H = 1000;

/** Stan's windowed adaptation: the warm-up iterations (1-based counts) at whose end the mass matrix is updated. */
export function metricWindowEnds(warmup: number): { start: number; ends: number[]; stop: number } {
  if (warmup < 20) return { start: warmup, ends: [], stop: warmup };
  let init = 75;
  let term = 50;
  let base = 25;
  if (init + term + base > warmup) {
    init = Math.floor(0.15 * warmup);
    term = Math.floor(0.1 * warmup);
    base = warmup - init - term;
  }
  const ends: number[] = [];
  let start = init;
  let size = base;
  for (;;) {
    let end = start + size;
    if (end + 2 * size > warmup - term) end = warmup - term;
    ends.push(end);
    if (end >= warmup - term) break;
    start = end;
    size *= 2;
  }
  return { start: init, ends, stop: warmup - term };
}

/** The state of a fresh chain at z (log p and gradient already known). */
export function initialNutsState(z: Float64Array, answer: DensityAnswer, warmup: number, seed: number): NutsChainState {
  const L = z.length;
  return {
    z: Array.from(z),
    logp: answer.logp,
    grad: Array.from(answer.grad),
    stepSize: 1,
    invMass: Array(L).fill(1),
    iteration: 0,
    warmup,
    adaptation: {
      mu: Math.log(10),
      hbar: 0,
      logEpsBar: 0,
      count: 0,
      n: 0,
      mean: Array(L).fill(0),
      m2: Array(L).fill(0),
    },
    rng: new Xoshiro128(seed).state,
  };
}

/**
 * One NUTS chain (Hoffman & Gelman 2014; multinomial sampling within the trajectory and biased progressive sampling
 * between subtrees, as Stan; dual-averaging step size and Stan's windowed diagonal mass-matrix adaptation during
 * warm-up). A generator: it yields each point whose log-density and gradient it needs and receives the answer, so
 * that a driver can evaluate many chains' points in one batched emulator call. It runs `iterations` more iterations
 * from `state` (updated in place) and calls `onDraw` after every post-warm-up iteration.
 */
export function* nutsChain(
  state: NutsChainState,
  free: Uint8Array,
  iterations: number,
  settings: NutsSettings,
  onDraw: (z: Float64Array, stats: NutsDrawStats) => void,
): Generator<Float64Array, void, DensityAnswer> {
  const L = state.z.length;
  const rng = new Xoshiro128(state.rng);
  const invMass = Float64Array.from(state.invMass);
  const windows = metricWindowEnds(state.warmup);
  let current: Point = {
    z: Float64Array.from(state.z),
    p: new Float64Array(L),
    logp: state.logp,
    grad: Float64Array.from(state.grad),
  };
  let eps = state.stepSize;
  const ad = state.adaptation;

  const momentum = (): Float64Array =>
    Float64Array.from({ length: L }, (_, l) => (free[l] ? rng.normal() / Math.sqrt(invMass[l]!) : 0));
  const hamiltonian = (pt: Point): number => {
    let k = 0;
    for (let l = 0; l < L; l++) k += invMass[l]! * pt.p[l]! * pt.p[l]!;
    return -pt.logp + 0.5 * k;
  };
  function* leapfrog(from: Point, step: number): Ask {
    const p = new Float64Array(L);
    const z = new Float64Array(L);
    for (let l = 0; l < L; l++) {
      p[l] = from.p[l]! + 0.5 * step * from.grad[l]!;
      z[l] = from.z[l]! + step * invMass[l]! * p[l]!;
    }
    const a = yield z;
    for (let l = 0; l < L; l++) p[l] = p[l]! + 0.5 * step * a.grad[l]!;
    return { z, p, logp: a.logp, grad: a.grad };
  }
  const uTurn = (minus: Point, plus: Point): boolean => {
    let a = 0;
    let b = 0;
    for (let l = 0; l < L; l++) {
      const dz = plus.z[l]! - minus.z[l]!;
      a += dz * invMass[l]! * minus.p[l]!;
      b += dz * invMass[l]! * plus.p[l]!;
    }
    return a < 0 || b < 0;
  };
  function* buildTree(
    from: Point,
    direction: number,
    depth: number,
    h0: number,
  ): Generator<Float64Array, Tree, DensityAnswer> {
    if (depth === 0) {
      const pt = yield* leapfrog(from, direction * eps);
      const dH = hamiltonian(pt) - h0;
      const diverging = !(dH < MAX_DELTA_H);
      return {
        minus: pt,
        plus: pt,
        proposal: pt,
        logw: diverging ? -Infinity : -dH,
        turning: false,
        diverging,
        sumAccept: diverging ? 0 : Math.min(1, Math.exp(-dH)),
        steps: 1,
      };
    }
    const first = yield* buildTree(from, direction, depth - 1, h0);
    if (first.turning || first.diverging) return first;
    const second = yield* buildTree(direction > 0 ? first.plus : first.minus, direction, depth - 1, h0);
    const logw = logAddExp(first.logw, second.logw);
    const proposal = rng.next() < Math.exp(second.logw - logw) ? second.proposal : first.proposal;
    const minus = direction > 0 ? first.minus : second.minus;
    const plus = direction > 0 ? second.plus : first.plus;
    return {
      minus,
      plus,
      proposal,
      logw,
      turning: second.turning || uTurn(minus, plus),
      diverging: second.diverging,
      sumAccept: first.sumAccept + second.sumAccept,
      steps: first.steps + second.steps,
    };
  }
  /** Stan's init_stepsize: double or halve ε until one leapfrog step's acceptance crosses 0.8. */
  function* findStepSize(): Generator<Float64Array, void, DensityAnswer> {
    const trial = (): Generator<Float64Array, number, DensityAnswer> =>
      (function* () {
        const start: Point = { ...current, p: momentum() };
        const h0 = hamiltonian(start);
        const pt = yield* leapfrog(start, eps);
        const d = h0 - hamiltonian(pt);
        return Number.isNaN(d) ? -Infinity : d;
      })();
    const direction = (yield* trial()) > Math.log(0.8) ? 1 : -1;
    for (let k = 0; k < 50; k++) {
      eps = direction > 0 ? 2 * eps : eps / 2;
      const d = yield* trial();
      if (direction > 0 ? !(d > Math.log(0.8)) : d > Math.log(0.8)) break;
      if (eps > 1e7 || eps < 1e-10) break;
    }
  }

  const end = state.iteration + iterations;
  if (state.iteration === 0 && state.warmup > 0) {
    yield* findStepSize();
    ad.mu = Math.log(10 * eps);
  }
  for (let it = state.iteration; it < end; it++) {
    current = { ...current, p: momentum() };
    const h0 = hamiltonian(current);
    let tree: Tree = {
      minus: current,
      plus: current,
      proposal: current,
      logw: 0,
      turning: false,
      diverging: false,
      sumAccept: 0,
      steps: 0,
    };
    let depth = 0;
    let divergent = false;
    for (; depth < settings.maxTreeDepth; depth++) {
      const direction = rng.next() < 0.5 ? -1 : 1;
      const sub = yield* buildTree(direction > 0 ? tree.plus : tree.minus, direction, depth, h0);
      tree.sumAccept += sub.sumAccept;
      tree.steps += sub.steps;
      if (sub.diverging) divergent = true;
      if (sub.turning || sub.diverging) {
        depth++;
        break;
      }
      const proposal = rng.next() < Math.exp(sub.logw - tree.logw) ? sub.proposal : tree.proposal;
      const minus = direction > 0 ? tree.minus : sub.minus;
      const plus = direction > 0 ? sub.plus : tree.plus;
      tree = { ...tree, minus, plus, proposal, logw: logAddExp(tree.logw, sub.logw) };
      if (uTurn(minus, plus)) {
        depth++;
        break;
      }
    }
    current = tree.proposal;
    const acceptStat = tree.steps > 0 ? tree.sumAccept / tree.steps : 0;

    if (it < state.warmup) {
      // dual averaging of log ε towards the target acceptance
      ad.count += 1;
      const eta = 1 / (ad.count + T0);
      ad.hbar = (1 - eta) * ad.hbar + eta * (settings.targetAccept - acceptStat);
      const logEps = ad.mu - (Math.sqrt(ad.count) / GAMMA) * ad.hbar;
      const w = ad.count ** -KAPPA;
      ad.logEpsBar = w * logEps + (1 - w) * ad.logEpsBar;
      eps = Math.exp(logEps);
      // mass matrix: Welford variance of z over each slow window
      if (it >= windows.start && it < windows.stop) {
        ad.n += 1;
        for (let l = 0; l < L; l++) {
          const d = current.z[l]! - ad.mean[l]!;
          ad.mean[l]! += d / ad.n;
          ad.m2[l]! += d * (current.z[l]! - ad.mean[l]!);
        }
      }
      if (windows.ends.includes(it + 1)) {
        const n = ad.n;
        for (let l = 0; l < L; l++)
          invMass[l] = free[l] ? (n / (n + 5)) * (ad.m2[l]! / Math.max(n - 1, 1)) + 1e-3 * (5 / (n + 5)) : 1;
        ad.n = 0;
        ad.mean.fill(0);
        ad.m2.fill(0);
        yield* findStepSize();
        Object.assign(ad, { mu: Math.log(10 * eps), hbar: 0, logEpsBar: 0, count: 0 });
      }
      if (it + 1 === state.warmup) eps = Math.exp(ad.logEpsBar);
    } else {
      onDraw(current.z, { divergent, treeDepth: depth, acceptStat, leapfrogSteps: tree.steps, stepSize: eps });
    }
    state.iteration = it + 1;
    state.z = Array.from(current.z);
    state.logp = current.logp;
    state.grad = Array.from(current.grad);
    state.stepSize = eps;
    state.invMass = Array.from(invMass);
    state.rng = rng.state;
  }
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}
