import { checkNonNegative, checkPositiveInt, describe, TrainingError } from './errors';
import type { LearningRateSchedule } from './learningRateSchedule';

export interface WarmupCosineOptions {
  /** Learning rate at the end of the warm-up. */
  peak: number;
  /** Total number of updates T; the rate reaches 0 at step T. */
  totalSteps: number;
  /** Fraction of T spent in linear warm-up (default 0.1, the paper's); W = round(fraction · T). */
  warmupFraction?: number;
}

/**
 * The paper's schedule (optax.warmup_cosine_decay_schedule with init and end value 0):
 * lr(t) = peak · t / W for t < W; peak · ½(1 + cos(π (t − W)/(T − W))) for W ≤ t ≤ T; 0 after T.
 * `t` counts updates already done, so the first update uses lr(0) = 0 when W > 0.
 */
export function warmupCosine(opts: WarmupCosineOptions): LearningRateSchedule {
  const who = 'warmupCosine';
  const peak = checkNonNegative(who, 'peak', opts.peak);
  const T = checkPositiveInt(who, 'totalSteps', opts.totalSteps);
  const fraction = opts.warmupFraction ?? 0.1;
  if (!(fraction >= 0 && fraction < 1)) {
    throw new TrainingError(`${who}: option 'warmupFraction' must be in [0, 1); got ${describe(fraction)}`);
  }
  const W = Math.round(fraction * T);
  return (t) => {
    if (t < W) return (peak * t) / W;
    if (t <= T) return peak * 0.5 * (1 + Math.cos((Math.PI * (t - W)) / (T - W)));
    return 0;
  };
}
