import * as tf from '@tensorflow/tfjs';
import {
  getEmulatorKind,
  validateLabelSpecs,
  type Emulator,
  type EmulatorConfig,
  type LabelSpec,
} from '@astroemu/emulator-core';
import { describe, TrainingError } from './errors';
import { SeededRandom } from './SeededRandom';

/** Name of the first dense layer applied to the scaled label vector ([L, H]), by convention. */
export const INPUT_KERNEL = 'input/kernel';

export interface ExtendInputLabelsOptions {
  /** Initialisation of the new rows of `input/kernel`: 'zeros' (default; outputs for the old labels unchanged) or 'normal'. */
  init?: 'zeros' | 'normal';
  /** Standard deviation of 'normal' (default 1e-3). */
  std?: number;
  /** Seed of 'normal' (default 0). */
  seed?: number;
}

/**
 * Fine-tuning start: a new emulator of the same kind whose label vector is the old labels followed by
 * `newLabels`, built through the registry (`getEmulatorKind(kind).build(config, weights)`) from the old
 * config and weights with rows appended to `input/kernel` [L₀, H] → [L₀ + n, H]. Every other weight is
 * copied unchanged. The source emulator is left as it is (dispose it yourself).
 */
export function extendInputLabels(
  source: Emulator | { config: EmulatorConfig; weights: Map<string, tf.Tensor> },
  newLabels: readonly LabelSpec[],
  opts: ExtendInputLabelsOptions = {},
): Emulator {
  const who = 'extendInputLabels';
  const config = 'predict' in source ? source.config() : source.config;
  const weights = 'predict' in source ? source.weights() : source.weights;
  if (newLabels.length === 0) throw new TrainingError(`${who}: 'newLabels' must name at least one label; got none`);
  const old = config.labels;
  const clash = newLabels.find((l) => old.some((o) => o.name === l.name));
  if (clash)
    throw new TrainingError(`${who}: label '${clash.name}' is already one of the emulator's ${old.length} labels`);
  const labels = [...old, ...newLabels].map((l) => ({ ...l }));
  validateLabelSpecs(labels, who);
  const kernel = weights.get(INPUT_KERNEL);
  if (!kernel) {
    throw new TrainingError(
      `${who}: emulator of kind '${config.kind}' has no weight '${INPUT_KERNEL}' (the [L, H] input layer); weights: ${[...weights.keys()].slice(0, 5).join(', ')}…`,
    );
  }
  if (kernel.rank !== 2 || kernel.shape[0] !== old.length) {
    throw new TrainingError(
      `${who}: '${INPUT_KERNEL}' must have shape [${old.length}, H] (one row per label); got [${kernel.shape}]`,
    );
  }
  const H = kernel.shape[1]!;
  const n = newLabels.length;
  const init = opts.init ?? 'zeros';
  if (init !== 'zeros' && init !== 'normal')
    throw new TrainingError(`${who}: option 'init' must be 'zeros' or 'normal'; got ${describe(init)}`);
  const rows = new Float32Array(n * H);
  if (init === 'normal') {
    const std = opts.std ?? 1e-3;
    const rand = new SeededRandom(opts.seed ?? 0);
    for (let i = 0; i < rows.length; i++) rows[i] = std * rand.normal();
  }
  const extended = new Map(weights);
  const newKernel = tf.tidy(() => tf.concat([kernel, tf.tensor2d(rows, [n, H])], 0));
  extended.set(INPUT_KERNEL, newKernel);
  const def = getEmulatorKind(config.kind);
  const newConfig = def.parseConfig({ ...config, labels });
  try {
    return def.build(newConfig, extended);
  } finally {
    newKernel.dispose();
  }
}
