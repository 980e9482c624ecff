import type * as tf from '@tensorflow/tfjs';
import { ConfigError, FORMAT_VERSION, type LabelSpec, type WavelengthMedium } from '@astroemu/emulator-core';
import type { PayneActivation, PayneOutputActivation } from './activation';
import { parsePayneConfig, type InputScaling } from './payneConfig';
import { PayneEmulator } from './PayneEmulator';
import { PAYNE_PRESETS, type PaynePresetName } from './paynePresets';

export interface CreatePayneOptions {
  /** 'payne' (= 'paper', 2 × 128), 'bigPayne' (3 × 2048) or 'small' (2 × 32). Default 'payne'. */
  preset?: PaynePresetName;
  /** Order, names, units and bounds of the label vector (physical units). */
  labels: readonly LabelSpec[];
  /** The fixed pixel grid in Angstrom (strictly increasing). */
  wavelength: Float64Array | Float32Array | readonly number[];
  /** Air or vacuum wavelengths (default 'unknown'). */
  medium?: WavelengthMedium;
  /** Hidden widths (override the preset). */
  hidden?: readonly number[];
  activation?: PayneActivation;
  outputActivation?: PayneOutputActivation;
  /** 'centered' (default): labels scaled to [-0.5, 0.5]; 'unit': to [0, 1]. */
  inputScaling?: InputScaling;
  /** Seed of the random initialisation (default 0). */
  seed?: number;
  /** Initial weights by name (see payneWeightShapes); copied. Default: random (LeCun normal kernels, zero biases). */
  weights?: Map<string, tf.Tensor>;
  /** Free-form provenance stored in the bundle's config. */
  training?: Record<string, unknown>;
}

/** Builds The Payne / BigPayne (or a custom-width Payne MLP) on a fixed wavelength grid. */
export function createPayne(options: CreatePayneOptions): PayneEmulator {
  const preset = PAYNE_PRESETS[options.preset ?? 'payne'];
  if (preset === undefined) {
    throw new ConfigError(`createPayne: preset must be one of ${Object.keys(PAYNE_PRESETS).join(', ')}; got '${String(options.preset)}'`);
  }
  const fixed = Array.from(options.wavelength ?? [], Number);
  const config = parsePayneConfig({
    kind: 'payne',
    formatVersion: FORMAT_VERSION,
    labels: options.labels?.map((l) => ({ ...l })),
    wavelength: { min: fixed[0], max: fixed[fixed.length - 1], medium: options.medium ?? 'unknown', fixed },
    architecture: {
      hidden: [...(options.hidden ?? preset.hidden)],
      activation: options.activation ?? preset.activation,
      outputActivation: options.outputActivation ?? preset.outputActivation,
      inputScaling: options.inputScaling ?? 'centered',
      seed: options.seed ?? 0,
    },
    ...(options.training && { training: options.training }),
  });
  return new PayneEmulator(config, options.weights);
}
