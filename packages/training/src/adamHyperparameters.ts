import { checkNonNegative, describe, TrainingError } from './errors';

/** AdamW's hyper-parameters with their defaults (β₁ 0.9, β₂ 0.999, ε 1e-8, λ 0.01), checked once for both optimisers. */
export function adamHyperparameters(
  who: string,
  opts: { beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number },
): { beta1: number; beta2: number; epsilon: number; weightDecay: number } {
  const beta1 = opts.beta1 ?? 0.9;
  const beta2 = opts.beta2 ?? 0.999;
  for (const [k, b] of [
    ['beta1', beta1],
    ['beta2', beta2],
  ] as const) {
    if (!(b >= 0 && b < 1)) throw new TrainingError(`${who}: option '${k}' must be in [0, 1); got ${describe(b)}`);
  }
  return {
    beta1,
    beta2,
    epsilon: checkNonNegative(who, 'epsilon', opts.epsilon ?? 1e-8),
    weightDecay: checkNonNegative(who, 'weightDecay', opts.weightDecay ?? 0.01),
  };
}

/** A parameter's learning-rate multiplier (default 1): a finite number ≥ 0. */
export function learningRateMultiplier(
  who: string,
  name: string,
  multipliers: ReadonlyMap<string, number> | undefined,
): number {
  const m = multipliers?.get(name) ?? 1;
  if (!(m >= 0 && Number.isFinite(m))) {
    throw new TrainingError(
      `${who}: learning-rate multiplier of '${name}' must be a finite number ≥ 0; got ${describe(m)}`,
    );
  }
  return m;
}
