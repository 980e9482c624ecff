import * as tf from '@tensorflow/tfjs';

/**
 * Minimal AdamW (decoupled weight decay, torch.optim.AdamW semantics), private to this package until
 * @astroemu/training exports its optimiser: w ← w − lr·λ·w; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
 * w ← w − lr · m̂ / (√v̂ + ε). Moments are non-trainable variables updated in place.
 */
export class AdamWStep {
  private t = 0;
  private readonly slots: Array<{ w: tf.Variable; m: tf.Variable; v: tf.Variable }>;
  constructor(
    variables: readonly tf.Variable[],
    private readonly opts: { weightDecay?: number; beta1?: number; beta2?: number; epsilon?: number } = {},
  ) {
    this.slots = variables.map((w) => tf.tidy(() => ({ w, m: tf.variable(tf.zerosLike(w), false), v: tf.variable(tf.zerosLike(w), false) })));
  }

  /** Applies one update with learning rate `lr`; `grads` are keyed by variable name. */
  apply(grads: Record<string, tf.Tensor>, lr: number): void {
    const { weightDecay = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = this.opts;
    this.t += 1;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    tf.tidy(() => {
      for (const { w, m, v } of this.slots) {
        const g = grads[w.name];
        if (g === undefined) continue;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
        w.assign(tf.sub(tf.mul(w, 1 - lr * weightDecay), tf.mul(update, lr)));
      }
    });
  }

  dispose(): void {
    for (const { m, v } of this.slots) {
      m.dispose();
      v.dispose();
    }
  }
}

/** Cosine annealing with warm restarts (SGDR): lr(t) = min + (peak − min)·½(1 + cos(π (t mod T)/T)). */
export function cosineWarmRestartRate(step: number, opts: { peak: number; minimum: number; period: number }): number {
  const t = step % opts.period;
  return opts.minimum + (opts.peak - opts.minimum) * 0.5 * (1 + Math.cos((Math.PI * t) / opts.period));
}
