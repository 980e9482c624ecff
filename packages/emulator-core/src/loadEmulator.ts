import { BUNDLE_FILES, type BundleFiles, RESIDUAL_BANDS_FILE } from './bundleLayout';
import { decodeBundle, type DecodeBundleOptions } from './decodeBundle';
import type { Emulator } from './emulator';
import { BundleError } from './errors';

export type LoadEmulatorOptions = DecodeBundleOptions;

/**
 * Loads a bundle folder (Node) and builds the emulator of the kind named in config.json (that kind's
 * package must have been imported so that it is registered). See decodeBundle for the checks.
 */
export async function loadEmulator(dir: string, options: LoadEmulatorOptions = {}): Promise<Emulator> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new BundleError(`loadEmulator: '${dir}' is not a bundle folder (no such directory)`);
  const files: BundleFiles = new Map();
  for (const name of [...Object.values(BUNDLE_FILES), RESIDUAL_BANDS_FILE]) {
    const bytes = await fs.readFile(path.join(dir, name)).catch(() => undefined);
    if (bytes) files.set(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return decodeBundle(files, options);
}
