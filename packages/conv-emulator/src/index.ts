// The convolutional emulator (registers emulator kind 'conv' with @astroemu/emulator-core when imported).
import './convKind';

export { createConvEmulator } from './createConvEmulator';
export type { CreateConvEmulatorOptions } from './createConvEmulator';
export { ConvEmulator } from './ConvEmulator';
export { CONV_PRESETS } from './convPresets';
export type { ConvPresetArchitecture, ConvPresetName } from './convPresets';
export {
  convConfigSchema,
  convArchitectureSchema,
  parseConvConfig,
  CONV_ACTIVATIONS,
  CONV_OUTPUT_ACTIVATIONS,
  SAMPLE_PLACEMENTS,
} from './convConfig';
export type { ConvActivation, ConvArchitecture, ConvConfig, ConvOutputActivation, SamplePlacement } from './convConfig';
export { convWeightShapes, convParameterCount, convSampleCount } from './convWeightShapes';
export { convKind } from './convKind';
export { convTranspose1d } from './convTranspose1d';
export { conv1d } from './conv1d';
export { interpolationWeights } from './interpolationWeights';
export type { InterpolationWeights } from './interpolationWeights';
export type { DomainOptions as PredictOptions } from '@astroemu/emulator-core';
export { PACKAGE_VERSION } from './version';
