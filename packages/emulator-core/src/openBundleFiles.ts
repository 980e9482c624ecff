import { BUNDLE_FILES, type BundleFiles, type BundleIntegrity } from './bundleLayout';
import { FORMAT_MAJOR, parseFormatVersion } from './emulatorConfigSchema';
import { BundleError } from './errors';
import { sha256Hex } from './sha256';

/** A bundle whose config.json parsed, whose format version this reader accepts and whose files match integrity.json. */
export interface OpenedBundle {
  /** config.json as a JSON object (not yet validated against a kind's schema). */
  config: Record<string, unknown>;
  get(name: string): Uint8Array | undefined;
  /** The file's bytes, or a BundleError naming the missing file. */
  need(name: string): Uint8Array;
}

export interface OpenBundleOptions {
  /** Check the sha256 of every file against integrity.json (default true). */
  verifyIntegrity?: boolean;
  /** Whether config.json must carry `formatVersion` (default true; a missing one is then an error). */
  requireFormatVersion?: boolean;
}

/**
 * The first two checks of reading any astroemu bundle (emulators and the foundation model): format version →
 * integrity (sha256 of every file listed in integrity.json). `who` names the caller in errors.
 */
export async function openBundleFiles(
  who: string,
  files: BundleFiles | Readonly<Record<string, Uint8Array>>,
  options: OpenBundleOptions = {},
): Promise<OpenedBundle> {
  const get = (name: string): Uint8Array | undefined => (files instanceof Map ? files.get(name) : files[name]);
  const need = (name: string): Uint8Array => {
    const b = get(name);
    if (!b) throw new BundleError(`${who}: bundle has no file '${name}'`, { file: name });
    return b;
  };
  const raw = parseJson(who, need(BUNDLE_FILES.config), BUNDLE_FILES.config);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BundleError(`${who}: ${BUNDLE_FILES.config} must hold a JSON object`, { file: BUNDLE_FILES.config });
  }
  const config = raw as Record<string, unknown>;
  if (config.formatVersion !== undefined || options.requireFormatVersion !== false) {
    const version = parseFormatVersion(config.formatVersion);
    if (!version) {
      throw new BundleError(
        `${who}: ${BUNDLE_FILES.config} formatVersion must look like "1.0"; got ${JSON.stringify(config.formatVersion)}`,
        { file: BUNDLE_FILES.config },
      );
    }
    if (version.major > FORMAT_MAJOR) {
      throw new BundleError(
        `${who}: bundle formatVersion ${config.formatVersion} is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/emulator-core`,
        { file: BUNDLE_FILES.config },
      );
    }
  }
  if (options.verifyIntegrity !== false) await verifyIntegrity(who, get, need);
  return { config, get, need };
}

/** Adds integrity.json (the sha256 of every file) to a bundle's files and returns it. */
export async function sealBundle(files: BundleFiles): Promise<BundleFiles> {
  const integrity: BundleIntegrity = { algorithm: 'sha256', files: {} };
  for (const [name, bytes] of files)
    if (name !== BUNDLE_FILES.integrity) integrity.files[name] = await sha256Hex(bytes);
  files.set(BUNDLE_FILES.integrity, new TextEncoder().encode(JSON.stringify(integrity, null, 2) + '\n'));
  return files;
}

/**
 * Reads the bundle files present in a folder (Node): the standard ones and any optional `extra` file names (such as
 * residual-bands.safetensors); a missing folder is a BundleError.
 */
export async function readBundleFolder(who: string, dir: string, extra: readonly string[] = []): Promise<BundleFiles> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new BundleError(`${who}: '${dir}' is not a bundle folder (no such directory)`);
  const files: BundleFiles = new Map();
  for (const name of [...Object.values(BUNDLE_FILES), ...extra]) {
    const bytes = await fs.readFile(path.join(dir, name)).catch(() => undefined);
    if (bytes) files.set(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return files;
}

function parseJson(who: string, bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new BundleError(`${who}: ${file} is not valid UTF-8 JSON: ${(e as Error).message}`, { file });
  }
}

async function verifyIntegrity(
  who: string,
  get: (n: string) => Uint8Array | undefined,
  need: (n: string) => Uint8Array,
): Promise<void> {
  const f = BUNDLE_FILES.integrity;
  const integrity = parseJson(who, need(f), f) as { algorithm?: unknown; files?: unknown };
  if (integrity?.algorithm !== 'sha256' || typeof integrity.files !== 'object' || integrity.files === null) {
    throw new BundleError(
      `${who}: ${f} must be {"algorithm": "sha256", "files": {name: hex}}; got algorithm ${JSON.stringify(integrity?.algorithm)}`,
      { file: f },
    );
  }
  const listed = integrity.files as Record<string, unknown>;
  for (const required of [BUNDLE_FILES.config, BUNDLE_FILES.weights, BUNDLE_FILES.fingerprint]) {
    if (get(required) && !(required in listed))
      throw new BundleError(`${who}: ${f} does not list '${required}'`, { file: required });
  }
  for (const [name, hex] of Object.entries(listed)) {
    const actual = await sha256Hex(need(name));
    if (actual !== hex) {
      throw new BundleError(`${who}: sha256 mismatch for '${name}': ${f} says ${String(hex)}, file has ${actual}`, {
        file: name,
      });
    }
  }
}
