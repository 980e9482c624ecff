import { ConfigError, FORMAT_VERSION, type FixedGridEmulatorOptions } from '@astroemu/emulator-core';
import {
  parseConvConfig,
  type ConvActivation,
  type ConvArchitecture,
  type ConvOutputActivation,
  type SamplePlacement,
} from './convConfig';
import { ConvEmulator } from './ConvEmulator';
import { CONV_PRESETS, type ConvPresetName } from './convPresets';

export interface CreateConvEmulatorOptions
  extends FixedGridEmulatorOptions,
    Partial<Omit<ConvArchitecture, 'dense' | 'convFeatures' | 'seed'>> {
  /** 'paper' (Listing 3, default) or 'small'. Architecture fields given here override the preset. */
  preset?: ConvPresetName;
  dense?: readonly number[];
  convFeatures?: readonly number[];
  activation?: ConvActivation;
  outputActivation?: ConvOutputActivation;
  samplePlacement?: SamplePlacement;
}

/** Builds the convolutional emulator (Listing 3) on a fixed wavelength grid. */
export function createConvEmulator(options: CreateConvEmulatorOptions): ConvEmulator {
  const { preset: presetName = 'paper', labels, wavelength, medium, weights, training, ...overrides } = options;
  const preset = CONV_PRESETS[presetName];
  if (preset === undefined) {
    throw new ConfigError(
      `createConvEmulator: preset must be one of ${Object.keys(CONV_PRESETS).join(', ')}; got '${String(presetName)}'`,
    );
  }
  const fixed = Array.from(wavelength ?? [], Number);
  const architecture = {
    ...structuredClone(preset),
    activation: 'gelu',
    outputActivation: 'sigmoid',
    samplePlacement: 'pixel',
    seed: 0,
    ...overrides,
  };
  const config = parseConvConfig({
    kind: 'conv',
    formatVersion: FORMAT_VERSION,
    labels: labels?.map((l) => ({ ...l })),
    wavelength: { min: fixed[0], max: fixed[fixed.length - 1], medium: medium ?? 'unknown', fixed },
    architecture: { ...architecture, dense: [...architecture.dense], convFeatures: [...architecture.convFeatures] },
    ...(training && { training }),
  });
  return new ConvEmulator(config, weights);
}
