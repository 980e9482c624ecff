import { constantSchedule } from './constantSchedule';
import { cosineWarmRestarts } from './cosineWarmRestarts';
import { describe, TrainingError } from './errors';
import { warmupCosine } from './warmupCosine';
import { warmupStableDecay } from './warmupStableDecay';

/** Learning rate as a function of the number of updates already done (0 for the first update). */
export type LearningRateSchedule = (step: number) => number;

/** A schedule as plain JSON, so that a checkpoint or a CLI can describe it. */
export type ScheduleSpec =
  | { kind: 'warmupCosine'; peak: number; totalSteps: number; warmupFraction?: number }
  | {
      kind: 'warmupStableDecay';
      peak: number;
      totalSteps: number;
      warmupFraction?: number;
      decayFraction?: number;
      final?: number;
    }
  | { kind: 'constant'; value: number }
  | { kind: 'cosineWarmRestarts'; peak: number; period: number; periodMultiplier?: number; minimum?: number };

/** Builds the schedule a spec describes. */
export function createSchedule(spec: ScheduleSpec): LearningRateSchedule {
  switch (spec?.kind) {
    case 'warmupCosine':
      return warmupCosine(spec);
    case 'warmupStableDecay':
      return warmupStableDecay(spec);
    case 'constant':
      return constantSchedule(spec.value);
    case 'cosineWarmRestarts':
      return cosineWarmRestarts(spec);
    default:
      throw new TrainingError(
        `createSchedule: 'kind' must be one of 'warmupCosine', 'warmupStableDecay', 'constant', 'cosineWarmRestarts'; got ${describe((spec as { kind?: unknown })?.kind)}`,
      );
  }
}
