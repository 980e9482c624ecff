import type { AdamWState } from './AdamW';
import { adamHyperparameters, learningRateMultiplier } from './adamHyperparameters';
import { describe, TrainingError } from './errors';

/** Where each named parameter lies in one flat float32 buffer (row-major, in order). */
export interface FlatLayout {
  names: string[];
  shapes: number[][];
  offsets: number[];
  sizes: number[];
  total: number;
}

export function flatLayout(params: ReadonlyArray<readonly [string, { shape: readonly number[] }]>): FlatLayout {
  const names: string[] = [];
  const shapes: number[][] = [];
  const offsets: number[] = [];
  const sizes: number[] = [];
  let total = 0;
  for (const [name, p] of params) {
    if (names.includes(name)) throw new TrainingError(`flatLayout: parameter '${name}' is listed twice`);
    const size = p.shape.reduce((a, b) => a * b, 1);
    names.push(name);
    shapes.push([...p.shape]);
    offsets.push(total);
    sizes.push(size);
    total += size;
  }
  return { names, shapes, offsets, sizes, total };
}

/**
 * The default weight-decay rule: decay the weight matrices (rank ≥ 2: dense kernels, label-token projections); not the
 * biases, nor the LayerNorm scales and biases (rank 1), as in the paper's and most transformers' AdamW setups — decaying
 * a LayerNorm scale pulls it towards 0, i.e. towards switching the layer off.
 */
export function decayMatricesOnly(_name: string, shape: readonly number[]): boolean {
  return shape.length >= 2;
}

export interface FlatAdamWOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** λ (default 0.01, as torch.optim.AdamW). */
  weightDecay?: number;
  /** Per-parameter learning-rate multipliers by name (e.g. muP); missing names get 1. */
  multipliers?: ReadonlyMap<string, number>;
  /** Which parameters are decayed (default {@link decayMatricesOnly}). */
  decay?: (name: string, shape: readonly number[]) => boolean;
}

/** {@link FlatAdamW.settings}: the hyperparameters of a FlatAdamW as plain data. */
export interface FlatAdamWSettings {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  /** Names of the decayed parameters. */
  decayed: string[];
  /** Learning-rate multiplier of every parameter, by name. */
  multipliers: Map<string, number>;
}

/**
 * AdamW (torch.optim.AdamW / optax.adamw semantics, the same update as {@link AdamW}) over ONE flat float32 buffer
 * holding every parameter: one host loop per step instead of ≈ 12 tensor ops per variable. Parameters, gradients
 * and the moments m, v are flat Float32Arrays in a {@link FlatLayout}; for update t = 1, 2, … and lr_i = lr·multiplier_i:
 *   w ← w − lr_i·λ·w (decayed parameters only);  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *   w ← w − lr_i · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 * The arithmetic is float64 per element, stored as float32.
 */
export class FlatAdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly layout: FlatLayout;
  readonly m: Float32Array;
  readonly v: Float32Array;
  private t = 0;
  private readonly multiplier: Float32Array;
  private readonly decays: Uint8Array;

  constructor(layout: FlatLayout, opts: FlatAdamWOptions = {}) {
    const who = 'FlatAdamW';
    ({
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    } = adamHyperparameters(who, opts));
    this.layout = layout;
    this.m = new Float32Array(layout.total);
    this.v = new Float32Array(layout.total);
    const decay = opts.decay ?? decayMatricesOnly;
    this.multiplier = new Float32Array(layout.names.length);
    this.decays = new Uint8Array(layout.names.length);
    layout.names.forEach((name, i) => {
      const mult = learningRateMultiplier(who, name, opts.multipliers);
      this.multiplier[i] = mult;
      this.decays[i] = decay(name, layout.shapes[i]!) ? 1 : 0;
    });
  }

  get step(): number {
    return this.t;
  }

  /** Names of the decayed parameters. */
  decayed(): string[] {
    return this.layout.names.filter((_, i) => this.decays[i] === 1);
  }

  /** One update of `params` in place with the flat gradient `grad` and base learning rate `lr`. */
  apply(params: Float32Array, grad: Float32Array, lr: number): void {
    const { total } = this.layout;
    if (params.length !== total || grad.length !== total) {
      throw new TrainingError(
        `FlatAdamW.apply: expected ${total} parameters and gradients; got ${params.length} and ${grad.length}`,
      );
    }
    if (!(Number.isFinite(lr) && lr >= 0))
      throw new TrainingError(`FlatAdamW.apply: 'lr' must be a finite number ≥ 0; got ${describe(lr)}`);
    this.t += 1;
    const { beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd, m, v } = this;
    const bc1 = 1 - b1 ** this.t;
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.t);
    const { offsets, sizes } = this.layout;
    for (let p = 0; p < offsets.length; p++) {
      const lri = lr * this.multiplier[p]!;
      const keep = this.decays[p] === 1 && wd > 0 ? 1 - lri * wd : 1;
      const stepSize = lri / bc1;
      const end = offsets[p]! + sizes[p]!;
      for (let i = offsets[p]!; i < end; i++) {
        const g = grad[i]!;
        const mi = b1 * m[i]! + (1 - b1) * g;
        const vi = b2 * v[i]! + (1 - b2) * g * g;
        m[i] = mi;
        v[i] = vi;
        params[i] = params[i]! * keep - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps);
      }
    }
  }

  /**
   * The hyperparameters as plain data (no functions, so they cross to a worker thread): a FlatAdamW built from them
   * over the same layout (`decay` = membership in `decayed`) updates exactly as this one.
   */
  settings(): FlatAdamWSettings {
    const { beta1, beta2, epsilon, weightDecay } = this;
    const multipliers = new Map(this.layout.names.map((n, i) => [n, this.multiplier[i]!] as const));
    return { beta1, beta2, epsilon, weightDecay, decayed: this.decayed(), multipliers };
  }

  /** The whole state at once, flat (layout order): the step count t and copies of m and v. */
  setFlatState(step: number, m: Float32Array, v: Float32Array): void {
    if (!(Number.isInteger(step) && step >= 0))
      throw new TrainingError(`FlatAdamW.setFlatState: 'step' must be an integer ≥ 0; got ${describe(step)}`);
    if (m.length !== this.layout.total || v.length !== this.layout.total)
      throw new TrainingError(
        `FlatAdamW.setFlatState: expected ${this.layout.total} values of m and v; got ${m.length} and ${v.length}`,
      );
    this.m.set(m);
    this.v.set(v);
    this.t = step;
  }

  /** Copies of the state by parameter name (the checkpoint format of {@link AdamW}). */
  getState(): AdamWState {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    this.layout.names.forEach((name, i) => {
      const o = this.layout.offsets[i]!;
      const n = this.layout.sizes[i]!;
      m.set(name, this.m.slice(o, o + n));
      v.set(name, this.v.slice(o, o + n));
    });
    return { step: this.t, m, v };
  }

  setState(state: AdamWState): void {
    if (!(Number.isInteger(state.step) && state.step >= 0)) {
      throw new TrainingError(`FlatAdamW.setState: 'step' must be an integer ≥ 0; got ${describe(state.step)}`);
    }
    this.layout.names.forEach((name, i) => {
      for (const key of ['m', 'v'] as const) {
        const values = state[key].get(name);
        if (values === undefined) throw new TrainingError(`FlatAdamW.setState: no '${key}' for parameter '${name}'`);
        if (values.length !== this.layout.sizes[i]) {
          throw new TrainingError(
            `FlatAdamW.setState: '${key}' of '${name}' has ${values.length} values; expected ${this.layout.sizes[i]}`,
          );
        }
      }
    });
    this.layout.names.forEach((name, i) => {
      this.m.set(state.m.get(name)!, this.layout.offsets[i]);
      this.v.set(state.v.get(name)!, this.layout.offsets[i]);
    });
    this.t = state.step;
  }
}
