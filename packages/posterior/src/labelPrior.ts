import type * as tf from '@tensorflow/tfjs';
import { PosteriorError } from './errors';

/**
 * The prior of one label, in physical units. Bounds default to the emulator's label box; ±Infinity removes a bound
 * (a Gaussian or custom prior may be unbounded; a uniform prior needs both bounds).
 * - uniform: flat on [min, max] (the default for every label).
 * - gaussian: N(mean, sigma²) truncated to [min, max].
 * - custom: `logDensity(x)` maps a [N] tensor of label values to their [N] log-densities (up to a constant); it must
 *   be differentiable with TensorFlow.js (NUTS uses its gradient). Truncated to [min, max].
 */
export type LabelPrior =
  | { kind: 'uniform'; min?: number; max?: number }
  | { kind: 'gaussian'; mean: number; sigma: number; min?: number; max?: number }
  | { kind: 'custom'; logDensity: (x: tf.Tensor1D) => tf.Tensor1D; min?: number; max?: number };

/** A prior with its bounds filled in. */
export type ResolvedPrior = LabelPrior & { name: string; min: number; max: number };

/**
 * Fills in each label's prior (default uniform on the label box) and checks it: `priors` names labels of `labels`.
 */
export function resolvePriors(
  who: string,
  labels: readonly { name: string; min: number; max: number }[],
  priors: Readonly<Record<string, LabelPrior>> = {},
): ResolvedPrior[] {
  const names = labels.map((l) => l.name);
  for (const key of Object.keys(priors)) {
    if (!names.includes(key))
      throw new PosteriorError(`${who}: priors.${key}: no such label; the model's labels are ${names.join(', ')}`);
  }
  return labels.map((l) => {
    const p: LabelPrior = priors[l.name] ?? { kind: 'uniform' };
    const min = p.min ?? l.min;
    const max = p.max ?? l.max;
    const at = `${who}: priors.${l.name}`;
    if (Number.isNaN(min) || Number.isNaN(max) || !(max > min))
      throw new PosteriorError(`${at}: bounds must satisfy min < max; got [${min}, ${max}]`);
    if (p.kind === 'uniform') {
      if (!Number.isFinite(min) || !Number.isFinite(max))
        throw new PosteriorError(`${at}: a uniform prior needs finite bounds; got [${min}, ${max}]`);
    } else if (p.kind === 'gaussian') {
      if (!Number.isFinite(p.mean) || !(p.sigma > 0) || !Number.isFinite(p.sigma)) {
        throw new PosteriorError(
          `${at}: a gaussian prior needs a finite mean and a finite sigma > 0; got mean ${p.mean}, sigma ${p.sigma}`,
        );
      }
    } else if (p.kind === 'custom') {
      if (typeof p.logDensity !== 'function')
        throw new PosteriorError(`${at}: a custom prior needs logDensity(x: tf.Tensor1D) => tf.Tensor1D`);
    } else {
      throw new PosteriorError(
        `${at}.kind must be 'uniform', 'gaussian' or 'custom'; got ${JSON.stringify((p as { kind: unknown }).kind)}`,
      );
    }
    return { ...p, name: l.name, min, max };
  });
}
