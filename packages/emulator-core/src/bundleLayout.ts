/** File names inside a model bundle folder. */
export const BUNDLE_FILES = {
  config: 'config.json',
  weights: 'weights.safetensors',
  integrity: 'integrity.json',
  fingerprint: 'fingerprint.safetensors',
} as const;

/** Optional file of a bundle: validation residual bands (see residualBandsFile.ts); absent from older bundles. */
export const RESIDUAL_BANDS_FILE = 'residual-bands.safetensors';

/** Name of the F64 tensor in weights.safetensors that holds a fixed wavelength grid. Reserved. */
export const WAVELENGTH_TENSOR = 'wavelength';

/** The bytes of each file of a bundle, by file name. */
export type BundleFiles = Map<string, Uint8Array>;

/** Content of integrity.json: the sha256 (hex) of every other file of the bundle. */
export interface BundleIntegrity {
  algorithm: 'sha256';
  files: Record<string, string>;
}
