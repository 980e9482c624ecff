import { LABEL_COUNT, LABEL_NAMES } from './labels';
import { SynthArgumentError, describeValue } from './errors';

/** Physical limits of the model (wider than the training domain; outside them it is meaningless). */
export const MODEL_LIMITS = { Teff: [3000, 8000], logg: [0, 6], He: [0, 0.5], abundance: [-10, 4] } as const;

/** Throws SynthArgumentError naming the first label that is missing, non-finite or outside MODEL_LIMITS. */
export function validateLabels(labels: ArrayLike<number>, fn: string): void {
  if (labels == null || typeof labels.length !== 'number' || labels.length !== LABEL_COUNT) {
    throw new SynthArgumentError('labels', fn, `${LABEL_COUNT} numbers in LABEL_NAMES order`, describeValue(labels));
  }
  for (let i = 0; i < LABEL_COUNT; i++) {
    const v = labels[i] as number;
    const [lo, hi] =
      i === 0 ? MODEL_LIMITS.Teff : i === 1 ? MODEL_LIMITS.logg : i === 2 ? MODEL_LIMITS.He : MODEL_LIMITS.abundance;
    if (!(v >= lo && v <= hi)) {
      throw new SynthArgumentError(
        `labels[${i}] (${LABEL_NAMES[i]})`,
        fn,
        `a finite number in [${lo}, ${hi}]`,
        describeValue(v),
      );
    }
  }
}
