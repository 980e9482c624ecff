// The Payne and BigPayne (registers emulator kind 'payne' with @astroemu/emulator-core when imported).
import './payneKind';
import './perPixelPayneKind';

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

// Per-pixel Payne (The Payne 2018 / binspec) and label → quantity regressors
export { PerPixelPayneEmulator } from './PerPixelPayneEmulator';
export { perPixelPayneKind } from './perPixelPayneKind';
export { parsePerPixelPayneConfig, perPixelPayneConfigSchema, perPixelPayneWeightShapes } from './perPixelPayneConfig';
export type { PerPixelPayneConfig, PerPixelPayneArchitecture } from './perPixelPayneConfig';
export { importPerPixelPayneNpz } from './importPerPixelPayneNpz';
export type { ImportPerPixelPayneNpzOptions } from './importPerPixelPayneNpz';
export { MlpRegressor, importMlpRegressorNpz } from './MlpRegressor';
export { loadBinspecNetworks, BINSPEC_LABELS } from './binspecNetworks';
export type { BinspecNetworks } from './binspecNetworks';

export { PACKAGE_VERSION } from './version';
