import { BUNDLE_FILES } from '@astroemu/emulator-core';

/** One shipped bundle as listed in public/bundles/index.json. */
export interface ManifestEntry {
  id: string;
  title: string;
  kind: string;
  trained: boolean;
  files: string[];
}

/** Files the page fetches for a bundle; the first two are required. */
export const BUNDLE_FETCH_FILES = [
  BUNDLE_FILES.config,
  BUNDLE_FILES.weights,
  BUNDLE_FILES.integrity,
  BUNDLE_FILES.fingerprint,
] as const;

/** Parses the bundle manifest; throws Error naming what is wrong. */
export function parseManifest(json: unknown): ManifestEntry[] {
  const bundles = (json as { bundles?: unknown } | null)?.bundles;
  if (!Array.isArray(bundles)) throw new Error('bundles/index.json must hold {"bundles": [...]}');
  return bundles.map((b: unknown, i) => {
    const e = b as Partial<ManifestEntry> | null;
    if (typeof e?.id !== 'string' || !/^[\w.-]+$/.test(e.id))
      throw new Error(`bundles/index.json: bundle ${i} needs an id of letters, digits, '.', '_' or '-'`);
    return {
      id: e.id,
      title: typeof e.title === 'string' ? e.title : e.id,
      kind: typeof e.kind === 'string' ? e.kind : 'unknown',
      trained: e.trained === true,
      files: Array.isArray(e.files)
        ? e.files.filter((f): f is string => typeof f === 'string')
        : [...BUNDLE_FETCH_FILES],
    };
  });
}

/** Base URL of a bundle folder, ending in '/'. */
export function bundleBaseUrl(urlOrFolder: string, pageUrl: string): string {
  const trimmed = urlOrFolder.trim();
  if (trimmed === '') throw new Error('bundle URL is empty');
  const u = new URL(trimmed, pageUrl);
  if (u.pathname.endsWith('/config.json')) u.pathname = u.pathname.slice(0, -'config.json'.length);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

/** What the page keeps of a file the user picked: its path inside the chosen folder and its bytes. */
export interface PickedFile {
  /** `webkitRelativePath` (e.g. "run/best-mae/config.json") or the bare name. */
  path: string;
  bytes: Uint8Array;
}

/**
 * The bundle files among the files of a picked folder: the folder holding config.json (the shallowest
 * one when several do), and the bundle files beside it. Throws when no config.json was picked.
 */
export function bundleFilesFromPicked(files: readonly PickedFile[]): Record<string, Uint8Array> {
  const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '');
  const configs = files.filter((f) => f.path === 'config.json' || f.path.endsWith('/config.json'));
  if (configs.length === 0)
    throw new Error(`the chosen folder has no config.json (got ${files.length} files); choose a bundle folder`);
  configs.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const dir = dirOf(configs[0]!.path);
  const out: Record<string, Uint8Array> = {};
  for (const f of files) {
    if (dirOf(f.path) !== dir) continue;
    const name = f.path.slice(dir.length);
    if ((BUNDLE_FETCH_FILES as readonly string[]).includes(name)) out[name] = f.bytes;
  }
  return out;
}
