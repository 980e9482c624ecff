import { BUNDLE_FILES, type BundleIntegrity } from './bundleLayout';
import type { Emulator } from './emulator';
import { encodeBundle, type EncodeBundleOptions } from './encodeBundle';
import { BundleError } from './errors';

export interface SaveEmulatorOptions extends EncodeBundleOptions {
  /** Replace an existing folder (default false: an existing folder is an error). */
  overwrite?: boolean;
}

/**
 * Writes an emulator bundle folder (Node): config.json, weights.safetensors, fingerprint.safetensors,
 * integrity.json. Atomic: files go to a temporary sibling folder that is then renamed to `dir`.
 * Returns the integrity record (sha256 per file).
 */
export async function saveEmulator(dir: string, emulator: Emulator, options: SaveEmulatorOptions = {}): Promise<BundleIntegrity> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const files = await encodeBundle(emulator, options);
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const exists = await fs.stat(target).then(() => true, () => false);
  if (exists && !options.overwrite) {
    throw new BundleError(`saveEmulator: '${target}' already exists; pass { overwrite: true } to replace it`);
  }
  await fs.mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const tmp = path.join(parent, `.${base}.tmp-${tag}`);
  await fs.mkdir(tmp);
  try {
    for (const [name, bytes] of files) await fs.writeFile(path.join(tmp, name), bytes);
    if (exists) {
      const old = path.join(parent, `.${base}.old-${tag}`);
      await fs.rename(target, old);
      await fs.rename(tmp, target);
      await fs.rm(old, { recursive: true, force: true });
    } else {
      await fs.rename(tmp, target);
    }
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return JSON.parse(new TextDecoder().decode(files.get(BUNDLE_FILES.integrity))) as BundleIntegrity;
}
