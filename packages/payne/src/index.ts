// The Payne and BigPayne (registers emulator kind 'payne' with @astroemu/emulator-core when imported).
import './payneKind';

export { createPayne } from './createPayne';
export type { CreatePayneOptions } from './createPayne';
export { PayneEmulator } from './PayneEmulator';
export { PAYNE_PRESETS } from './paynePresets';
export type { PaynePreset, PaynePresetName } from './paynePresets';
export { payneConfigSchema, payneArchitectureSchema, parsePayneConfig, INPUT_SCALINGS } from './payneConfig';
export type { PayneArchitecture, PayneConfig, InputScaling } from './payneConfig';
export { payneWeightShapes, payneParameterCount } from './payneWeightShapes';
export { payneKind } from './payneKind';
export { applyActivation, PAYNE_ACTIVATIONS, PAYNE_OUTPUT_ACTIVATIONS, LEAKY_RELU_SLOPE } from './activation';
export type { PayneActivation, PayneOutputActivation } from './activation';
export type { DomainOptions as PredictOptions } from '@astroemu/emulator-core';

// Imports of published weights
export { importPayneNpz } from './importPayneNpz';
export type { ImportPayneNpzOptions } from './importPayneNpz';
export { THE_PAYNE_APOGEE_LABELS } from './thePayneLabels';
export { importAetBundle } from './importAetBundle';
export type { AetFingerprintCheck, ImportAetBundleOptions } from './importAetBundle';

export { PACKAGE_VERSION } from './version';
