import { RESIDUAL_BANDS_FILE } from './bundleLayout';
import { decodeBundle, type DecodeBundleOptions } from './decodeBundle';
import type { Emulator } from './emulator';
import { readBundleFolder } from './openBundleFiles';

export type LoadEmulatorOptions = DecodeBundleOptions;

/**
 * Loads a bundle folder (Node) and builds the emulator of the kind named in config.json (that kind's
 * package must have been imported so that it is registered). See decodeBundle for the checks.
 */
export async function loadEmulator(dir: string, options: LoadEmulatorOptions = {}): Promise<Emulator> {
  const files = await readBundleFolder('loadEmulator', dir, [RESIDUAL_BANDS_FILE]);
  return decodeBundle(files, options);
}
