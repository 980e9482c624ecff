import { ConfigError, FORMAT_VERSION, type FixedGridEmulatorOptions } from '@astroemu/emulator-core';
import type { PayneActivation, PayneOutputActivation } from './activation';
import { parsePayneConfig, type InputScaling } from './payneConfig';
import { PayneEmulator } from './PayneEmulator';
import { PAYNE_PRESETS, type PaynePresetName } from './paynePresets';

export interface CreatePayneOptions extends FixedGridEmulatorOptions {
  /** 'payne' (= 'paper', 2 × 128), 'bigPayne' (3 × 2048) or 'small' (2 × 32). Default 'payne'. */
  preset?: PaynePresetName;
  /** Hidden widths (override the preset). */
  hidden?: readonly number[];
  activation?: PayneActivation;
  outputActivation?: PayneOutputActivation;
  /** 'centered' (default): labels scaled to [-0.5, 0.5]; 'unit': to [0, 1]. */
  inputScaling?: InputScaling;
}

/** Builds The Payne / BigPayne (or a custom-width Payne MLP) on a fixed wavelength grid. */
export function createPayne(options: CreatePayneOptions): PayneEmulator {
  const preset = PAYNE_PRESETS[options.preset ?? 'payne'];
  if (preset === undefined) {
    throw new ConfigError(
      `createPayne: preset must be one of ${Object.keys(PAYNE_PRESETS).join(', ')}; got '${String(options.preset)}'`,
    );
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
