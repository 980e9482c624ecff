import { checkNonNegative, checkPositiveInt, describe, TrainingError } from './errors';
import type { LearningRateSchedule } from './learningRateSchedule';

export interface WarmupStableDecayOptions {
  /** Learning rate of the stable phase. */
  peak: number;
  /** Total number of updates T. */
  totalSteps: number;
  /** Fraction of T in linear warm-up from 0 (default 0.05): W = round(fraction · T). */
  warmupFraction?: number;
  /** Fraction of T in the final linear decay (default 0.2): D = round(fraction · T). */
  decayFraction?: number;
  /** Learning rate at the end of the decay and after T (default 0). */
  final?: number;
}

/**
 * Warm-up–stable–decay ("trapezoidal") schedule for long runs: linear warm-up to `peak` over W steps, constant `peak`
 * until T − D, then linear decay to `final` at T; `final` after T:
 *   lr(t) = peak·t/W (t < W);  peak (W ≤ t < T − D);  peak + (final − peak)·(t − (T − D))/D (T − D ≤ t ≤ T);  final (t > T).
 * A run resumed with a larger T while still in the stable phase continues exactly as if T had been larger from the
 * start (trainEmulator allows extending `steps` on resume): the decay simply moves to the new end.
 */
export function warmupStableDecay(opts: WarmupStableDecayOptions): LearningRateSchedule {
  const who = 'warmupStableDecay';
  const peak = checkNonNegative(who, 'peak', opts.peak);
  const T = checkPositiveInt(who, 'totalSteps', opts.totalSteps);
  const wf = opts.warmupFraction ?? 0.05;
  const df = opts.decayFraction ?? 0.2;
  const final = checkNonNegative(who, 'final', opts.final ?? 0);
  if (!(wf >= 0 && wf < 1))
    throw new TrainingError(`${who}: option 'warmupFraction' must be in [0, 1); got ${describe(wf)}`);
  if (!(df >= 0 && df <= 1 - wf))
    throw new TrainingError(`${who}: option 'decayFraction' must be in [0, 1 − warmupFraction]; got ${describe(df)}`);
  if (final > peak)
    throw new TrainingError(`${who}: option 'final' must be ≤ 'peak' (${peak}); got ${describe(final)}`);
  const W = Math.round(wf * T);
  const D = Math.round(df * T);
  const decayStart = T - D;
  return (t) => {
    if (t < W) return (peak * t) / W;
    if (t < decayStart) return peak;
    if (t <= T) return D === 0 ? final : peak + ((final - peak) * (t - decayStart)) / D;
    return final;
  };
}
