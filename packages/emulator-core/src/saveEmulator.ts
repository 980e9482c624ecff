import type { BundleIntegrity } from './bundleLayout';
import type { Emulator } from './emulator';
import { encodeBundle, type EncodeBundleOptions } from './encodeBundle';
import { writeBundleFolder } from './writeBundleFolder';

export interface SaveEmulatorOptions extends EncodeBundleOptions {
  /** Replace an existing folder (default false: an existing folder is an error). */
  overwrite?: boolean;
}

/**
 * Writes an emulator bundle folder (Node): config.json, weights.safetensors, fingerprint.safetensors,
 * integrity.json. Atomic: files go to a temporary sibling folder that is then renamed to `dir`.
 * Returns the integrity record (sha256 per file).
 */
export async function saveEmulator(
  dir: string,
  emulator: Emulator,
  options: SaveEmulatorOptions = {},
): Promise<BundleIntegrity> {
  return writeBundleFolder('saveEmulator', dir, await encodeBundle(emulator, options), options);
}
