import type * as tf from '@tensorflow/tfjs';
import { AdamW, type AdamWOptions } from './AdamW';

/**
 * Plain Adam (torch.optim.Adam): no decay by default; a `weightDecay` is coupled L2 (g ← g + λ·w).
 * Same state and checkpoint format as {@link AdamW}.
 */
export function createAdam(
  variables: Iterable<readonly [string, tf.Variable]>,
  opts: Omit<AdamWOptions, 'decoupled'> = {},
): AdamW {
  return new AdamW(variables, { ...opts, weightDecay: opts.weightDecay ?? 0, decoupled: false });
}
