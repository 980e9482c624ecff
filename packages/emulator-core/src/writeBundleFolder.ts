import { BUNDLE_FILES, type BundleIntegrity } from './bundleLayout';
import { BundleError } from './errors';

/**
 * Writes the files of a bundle to the folder `dir` atomically (Node): they go to a temporary sibling folder that
 * is then renamed to `dir` (an existing folder is replaced only with `overwrite`, else a BundleError from `who`).
 * Returns the integrity record found among the files.
 */
export async function writeBundleFolder(
  who: string,
  dir: string,
  files: ReadonlyMap<string, Uint8Array>,
  options: { overwrite?: boolean } = {},
): Promise<BundleIntegrity> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const exists = await fs.stat(target).then(
    () => true,
    () => false,
  );
  if (exists && !options.overwrite) {
    throw new BundleError(`${who}: '${target}' already exists; pass { overwrite: true } to replace it`);
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
