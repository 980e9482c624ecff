import { checkNonNegative, checkPositiveInt, describe, TrainingError } from './errors';
import type { LearningRateSchedule } from './learningRateSchedule';

export interface CosineWarmRestartsOptions {
  /** Learning rate at the start of every period. */
  peak: number;
  /** Length of the first period in steps (T₀). */
  period: number;
  /** Each period is this many times longer than the previous one (integer ≥ 1, default 1). */
  periodMultiplier?: number;
  /** Learning rate at the end of a period (default 0). */
  minimum?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR, torch CosineAnnealingWarmRestarts):
 * lr(t) = min + (peak − min) · ½(1 + cos(π t_cur / T_i)), where t_cur counts steps since the last
 * restart and T_i = T₀ · mult^i is the current period.
 */
export function cosineWarmRestarts(opts: CosineWarmRestartsOptions): LearningRateSchedule {
  const who = 'cosineWarmRestarts';
  const peak = checkNonNegative(who, 'peak', opts.peak);
  const T0 = checkPositiveInt(who, 'period', opts.period);
  const mult = checkPositiveInt(who, 'periodMultiplier', opts.periodMultiplier ?? 1);
  const min = checkNonNegative(who, 'minimum', opts.minimum ?? 0);
  if (min > peak) throw new TrainingError(`${who}: option 'minimum' must be ≤ 'peak' (${peak}); got ${describe(min)}`);
  return (t) => {
    let start = 0;
    let Ti = T0;
    if (mult === 1) {
      start = Math.floor(t / T0) * T0;
    } else {
      while (t >= start + Ti) {
        start += Ti;
        Ti *= mult;
      }
    }
    return min + (peak - min) * 0.5 * (1 + Math.cos((Math.PI * (t - start)) / Ti));
  };
}
