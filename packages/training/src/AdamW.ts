import * as tf from '@tensorflow/tfjs';
import { adamHyperparameters, learningRateMultiplier } from './adamHyperparameters';
import { describe, TrainingError } from './errors';

export interface AdamWOptions {
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Added to √v̂ (default 1e-8). */
  epsilon?: number;
  /** Weight-decay coefficient λ (default 0.01, as torch.optim.AdamW). */
  weightDecay?: number;
  /**
   * true (default): decoupled decay (AdamW), w ← w − lr·λ·w with the scheduled, per-parameter lr.
   * false: coupled L2 (torch.optim.Adam's weight_decay), g ← g + λ·w before the moments.
   */
  decoupled?: boolean;
  /** Per-parameter learning-rate multipliers by name (e.g. muP); missing names get 1. */
  multipliers?: ReadonlyMap<string, number>;
  /** Which parameters are decayed (default: all). */
  decay?: (name: string) => boolean;
}

/** Optimiser state as host arrays, for checkpoints. */
export interface AdamWState {
  /** Number of updates applied (t of the bias correction). */
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

interface Slot {
  variable: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
  multiplier: number;
  decay: boolean;
}

/**
 * Adam with decoupled weight decay on named tf.Variables (PyTorch torch.optim.AdamW / optax.adamw
 * semantics), for update t = 1, 2, … with learning rate lr_i = lr · multiplier_i:
 *   w ← w − lr_i·λ·w;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *   w ← w − lr_i · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 * The decay is multiplied by the scheduled (and muP-scaled) learning rate, as in PyTorch and optax.
 * m and v are non-trainable tf.Variables updated in place, so the number of tensors is constant.
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;
  private t = 0;
  private readonly slots = new Map<string, Slot>();

  constructor(variables: Iterable<readonly [string, tf.Variable]>, opts: AdamWOptions = {}) {
    const who = 'AdamW';
    ({
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    } = adamHyperparameters(who, opts));
    this.decoupled = opts.decoupled ?? true;
    for (const [name, variable] of variables) {
      if (this.slots.has(name)) throw new TrainingError(`${who}: parameter '${name}' is listed twice`);
      const multiplier = learningRateMultiplier(who, name, opts.multipliers);
      this.slots.set(name, {
        variable,
        // inside tidy: the zerosLike values would otherwise outlive the variables made from them
        m: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
        v: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
        multiplier,
        decay: opts.decay ? opts.decay(name) : true,
      });
    }
  }

  /** Number of updates applied. */
  get step(): number {
    return this.t;
  }

  /** Names of the parameters this optimiser updates, in order. */
  names(): string[] {
    return [...this.slots.keys()];
  }

  /**
   * One update with gradients by parameter name (every parameter needs one) and base learning rate `lr`.
   * Does not dispose the gradients.
   */
  apply(grads: ReadonlyMap<string, tf.Tensor> | Record<string, tf.Tensor>, lr: number): void {
    const get = (n: string) => (grads instanceof Map ? grads.get(n) : (grads as Record<string, tf.Tensor>)[n]);
    if (!(Number.isFinite(lr) && lr >= 0))
      throw new TrainingError(`AdamW.apply: 'lr' must be a finite number ≥ 0; got ${describe(lr)}`);
    for (const [name, s] of this.slots) {
      const g = get(name);
      if (g === undefined) throw new TrainingError(`AdamW.apply: no gradient for parameter '${name}'`);
      if (g.shape.join() !== s.variable.shape.join()) {
        throw new TrainingError(
          `AdamW.apply: gradient of '${name}' has shape [${g.shape}]; expected [${s.variable.shape}]`,
        );
      }
    }
    this.t += 1;
    const { beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd } = this;
    const bc1 = 1 - b1 ** this.t;
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.t);
    for (const [name, s] of this.slots) {
      const g0 = get(name)!;
      const lri = lr * s.multiplier;
      tf.tidy(() => {
        let w: tf.Tensor = s.variable;
        let g: tf.Tensor = g0;
        if (s.decay && wd > 0) {
          if (this.decoupled) w = tf.mul(w, 1 - lri * wd);
          else g = tf.add(g, tf.mul(w, wd));
        }
        const m = tf.add(tf.mul(s.m, b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(s.v, b2), tf.mul(tf.square(g), 1 - b2));
        const denom = tf.add(tf.div(tf.sqrt(v), sqrtBc2), eps);
        s.m.assign(m);
        s.v.assign(v);
        s.variable.assign(tf.sub(w, tf.mul(tf.div(m, denom), lri / bc1)));
      });
    }
  }

  /** Copies of the state (for checkpoints). */
  getState(): AdamWState {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    for (const [name, s] of this.slots) {
      m.set(name, s.m.dataSync() as Float32Array);
      v.set(name, s.v.dataSync() as Float32Array);
    }
    return { step: this.t, m, v };
  }

  /** Restores a state from {@link getState}; every parameter must be present with the right size. */
  setState(state: AdamWState): void {
    if (!(Number.isInteger(state.step) && state.step >= 0)) {
      throw new TrainingError(`AdamW.setState: 'step' must be an integer ≥ 0; got ${describe(state.step)}`);
    }
    for (const [name, s] of this.slots) {
      for (const key of ['m', 'v'] as const) {
        const values = state[key].get(name);
        if (values === undefined) throw new TrainingError(`AdamW.setState: no '${key}' for parameter '${name}'`);
        if (values.length !== s.variable.size) {
          throw new TrainingError(
            `AdamW.setState: '${key}' of '${name}' has ${values.length} values; expected ${s.variable.size}`,
          );
        }
      }
    }
    for (const [name, s] of this.slots) {
      tf.tidy(() => {
        s.m.assign(tf.tensor(state.m.get(name)!, s.variable.shape, 'float32'));
        s.v.assign(tf.tensor(state.v.get(name)!, s.variable.shape, 'float32'));
      });
    }
    this.t = state.step;
  }

  /** Frees m and v (not the parameters). */
  dispose(): void {
    for (const s of this.slots.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.slots.clear();
  }
}
