// Node-only file helpers, loaded lazily so that the package also runs in browsers (buffers only).

export type NodeFsPromises = typeof import('node:fs/promises');
export type NodeFs = typeof import('node:fs');

export async function loadFsPromises(): Promise<NodeFsPromises> {
  return import('node:fs/promises');
}

export async function loadFs(): Promise<NodeFs> {
  return import('node:fs');
}

/** A temporary path in the same folder as `path` (so that rename is atomic). */
export function tempPathFor(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const rand = Math.random().toString(36).slice(2, 10);
  const pid = typeof process !== 'undefined' ? process.pid : 0;
  return `${dir}.${base}.${pid}.${rand}.tmp`;
}

/** Writes bytes to `path` atomically: temp file in the same folder, then rename; the temp file is removed on failure. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const fs = await loadFsPromises();
  const tmp = tempPathFor(path);
  try {
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
