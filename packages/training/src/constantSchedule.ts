import { checkNonNegative } from './errors';
import type { LearningRateSchedule } from './learningRateSchedule';

/** lr(t) = value for every step. */
export function constantSchedule(value: number): LearningRateSchedule {
  checkNonNegative('constantSchedule', 'value', value);
  return () => value;
}
