// The Emulator contract
export type { Emulator, HostJacobian, WavelengthDomain, WavelengthMedium } from './emulator';
export { hasHostJacobian } from './emulator';
export type { LabelSpec } from './labelSpec';
export { validateLabelSpecs } from './labelSpec';
export { scaleLabels, unscaleLabels } from './scaleLabels';
export type { DomainOptions } from './domainChecks';
export { checkLabelDomain, checkLabelTensor, checkWavelengthDomain, checkFixedGrid } from './domainChecks';
export type { FixedGridEmulatorOptions, WeightStore } from './FixedGridEmulator';
export { FixedGridEmulator, copyWeight } from './FixedGridEmulator';

// Configs
export type { EmulatorConfig } from './emulatorConfigSchema';
export {
  FORMAT_VERSION,
  FORMAT_MAJOR,
  parseFormatVersion,
  labelSpecSchema,
  wavelengthDomainSchema,
  emulatorConfigSchema,
  fixedGridConfigSchema,
  anyEmulatorConfigSchema,
  parseConfigWith,
} from './emulatorConfigSchema';

// Registry of kinds
export type { EmulatorKind } from './registry';
export { registerEmulatorKind, unregisterEmulatorKind, listEmulatorKinds, getEmulatorKind } from './registry';

// Bundles
export type { BundleFiles, BundleIntegrity } from './bundleLayout';
export { BUNDLE_FILES, RESIDUAL_BANDS_FILE, WAVELENGTH_TENSOR } from './bundleLayout';
export type { FingerprintOptions } from './fingerprint';
export type { EncodeBundleOptions } from './encodeBundle';
export { encodeBundle } from './encodeBundle';
export type { DecodeBundleOptions } from './decodeBundle';
export { decodeBundle } from './decodeBundle';
export type { SaveEmulatorOptions } from './saveEmulator';
export { saveEmulator } from './saveEmulator';
export { writeBundleFolder } from './writeBundleFolder';
export type { OpenedBundle, OpenBundleOptions } from './openBundleFiles';
export { openBundleFiles, sealBundle, readBundleFolder } from './openBundleFiles';
export type { LoadEmulatorOptions } from './loadEmulator';
export { loadEmulator } from './loadEmulator';
export { sha256Hex } from './sha256';
export type { BundleResidualBands } from './residualBandsFile';
export { encodeResidualBands, decodeResidualBands, loadResidualBands } from './residualBandsFile';

// safetensors
export type { SafetensorsDtype, SafetensorsData, SafetensorsTensor } from './safetensorsDtype';
export type { SafetensorsFile, ReadSafetensorsOptions } from './readSafetensors';
export { readSafetensors, SAFETENSORS_MAX_HEADER_BYTES } from './readSafetensors';
export { writeSafetensors } from './writeSafetensors';

// Errors
export { AstroemuError, SafetensorsError, BundleError, ConfigError, ShapeError, DomainError } from './errors';
