import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '@astroemu/synth';
import { AdamW, cosineWarmRestarts } from '@astroemu/training';
import type { FoundationModel } from './foundationModel';
import { heteroscedasticLoss } from './heteroscedasticLoss';
import { sampleTrainingBatch } from './sampleTrainingBatch';
import type { StellarCatalogue } from './stellarCatalogue';

export interface TrainFoundationOptions {
  steps: number;
  batchSize?: number;
  /** Catalogue rows used for training (default all). */
  rows?: ArrayLike<number>;
  /** Peak learning rate of each cosine period (default 1e-3; the paper: 1e-4 at its size). */
  learningRate?: number;
  /** Learning rate at the end of each period (default 1e-6; the paper: 1e-10). */
  minLearningRate?: number;
  /** Steps per cosine period (default steps / 2: one warm restart). */
  restartPeriod?: number;
  weightDecay?: number;
  /** Types that may be requested during training (default: all). */
  requestable?: readonly string[];
  minInputs?: number;
  /** Requests decoded per sampled context (default 1, as the paper); see sampleTrainingBatch. */
  requestsPerStar?: number;
  /** Groups of types dropped together from the inputs with probability `groupDropout`; see sampleTrainingBatch. */
  inputGroups?: readonly (readonly string[])[];
  groupDropout?: number;
  seed?: number;
  /** Called after every step with the batch loss. */
  onStep?: (step: number, loss: number, learningRate: number) => void;
}

/**
 * Trains with the heteroscedastic loss on random (inputs, request) pairs (Leung & Bovy 2023, Sect. 3.3): AdamW,
 * cosine annealing with warm restarts, dropout on. Returns the loss of every step.
 */
export function trainFoundationModel(
  model: FoundationModel,
  catalogue: StellarCatalogue,
  opts: TrainFoundationOptions,
): { losses: number[] } {
  const rand = mulberry32(opts.seed ?? 1);
  const rows = opts.rows ?? Int32Array.from({ length: catalogue.stars }, (_, i) => i);
  const batchSize = opts.batchSize ?? 64;
  const schedule = cosineWarmRestarts({
    peak: opts.learningRate ?? 1e-3,
    minimum: opts.minLearningRate ?? 1e-6,
    period: opts.restartPeriod ?? Math.max(1, Math.ceil(opts.steps / 2)),
  });
  const optimizer = new AdamW(
    model.trainableVariables().map((v) => [v.name, v] as const),
    { weightDecay: opts.weightDecay ?? 1e-4 },
  );
  const losses: number[] = [];
  try {
    for (let step = 0; step < opts.steps; step++) {
      const b = sampleTrainingBatch(catalogue, model.vocabulary, rand, {
        rows,
        batchSize,
        context: model.architecture.context,
        ...(opts.minInputs !== undefined ? { minInputs: opts.minInputs } : {}),
        ...(opts.requestable ? { requestable: opts.requestable } : {}),
        ...(opts.requestsPerStar !== undefined ? { requestsPerStar: opts.requestsPerStar } : {}),
        ...(opts.inputGroups ? { inputGroups: opts.inputGroups, groupDropout: opts.groupDropout ?? 0 } : {}),
      });
      const lr = schedule(step);
      const loss = tf.tidy(() => {
        const values = tf.tensor2d(b.values, [b.batch, b.length]);
        const types = tf.tensor2d(b.types, [b.batch, b.length], 'int32');
        const request = tf.tensor2d(b.requestTypes, [b.batch, b.requests], 'int32');
        const target = tf.tensor2d(b.targets, [b.batch, b.requests]);
        const known = tf.tensor2d(b.targetSigmas, [b.batch, b.requests]);
        const { value, grads } = tf.variableGrads(() => {
          const out = model.forward(values, types, request, {
            training: true,
            seed: (opts.seed ?? 1) * 1_000_003 + step,
          });
          return heteroscedasticLoss(out.mean, out.logVariance, target, known);
        }, model.trainableVariables());
        optimizer.apply(grads, lr);
        return value;
      });
      const v = loss.dataSync()[0]!;
      loss.dispose();
      losses.push(v);
      opts.onStep?.(step, v, lr);
    }
  } finally {
    optimizer.dispose();
  }
  return { losses };
}
