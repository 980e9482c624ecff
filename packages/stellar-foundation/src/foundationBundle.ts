import {
  BUNDLE_FILES,
  BundleError,
  FORMAT_MAJOR,
  parseFormatVersion,
  readSafetensors,
  sha256Hex,
  writeBundleFolder,
  writeSafetensors,
  type BundleFiles,
  type BundleIntegrity,
} from '@astroemu/emulator-core';
import { createFoundationModel, type FoundationModel } from './foundationModel';
import { FOUNDATION_KIND, parseFoundationConfig } from './foundationConfigSchema';

/** Package that writes foundation bundles (recorded in config.json). */
export const FOUNDATION_PACKAGE_VERSION = '@astroemu/stellar-foundation@0.1.0';

/** The bundle files in memory: config.json, weights.safetensors, integrity.json (sha256 of the other two). */
export async function encodeFoundationBundle(model: FoundationModel): Promise<BundleFiles> {
  const tensors = new Map<string, { dtype: 'F32'; shape: number[]; data: Float32Array }>();
  for (const { name, shape, values } of model.params.snapshot()) {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new BundleError(`encodeFoundationBundle: weight '${name}' element ${bad} is ${values[bad]}; expected finite values`, { tensor: name });
    tensors.set(name, { dtype: 'F32', shape, data: values });
  }
  const config = { ...model.config(), packageVersion: FOUNDATION_PACKAGE_VERSION };
  const files: BundleFiles = new Map([
    [BUNDLE_FILES.config, new TextEncoder().encode(`${JSON.stringify(config, null, 2)}\n`)],
    [BUNDLE_FILES.weights, writeSafetensors(tensors, { kind: FOUNDATION_KIND })],
  ]);
  const integrity: BundleIntegrity = { algorithm: 'sha256', files: {} };
  for (const [name, bytes] of files) integrity.files[name] = await sha256Hex(bytes);
  files.set(BUNDLE_FILES.integrity, new TextEncoder().encode(`${JSON.stringify(integrity, null, 2)}\n`));
  return files;
}

/**
 * Builds a model from bundle files, checking in order: format version → sha256 of every file → config
 * (strict schema) → tensor names, shapes and finiteness (Parameters.load) → build.
 */
export async function decodeFoundationBundle(files: BundleFiles, opts: { verifyIntegrity?: boolean } = {}): Promise<FoundationModel> {
  const who = 'loadFoundationModel';
  const read = (name: string): Uint8Array => {
    const bytes = files.get(name);
    if (bytes === undefined) throw new BundleError(`${who}: the bundle has no '${name}'; expected ${Object.values(BUNDLE_FILES).filter((f) => f !== BUNDLE_FILES.fingerprint).join(', ')}`, { file: name });
    return bytes;
  };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(new TextDecoder().decode(read(BUNDLE_FILES.config))) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(`${who}: config.json is not valid JSON (${(e as Error).message})`, { file: BUNDLE_FILES.config });
  }
  const version = parseFormatVersion(json.formatVersion);
  if (version !== undefined && version.major > FORMAT_MAJOR) {
    throw new BundleError(`${who}: bundle format ${String(json.formatVersion)} is newer than this reader (${FORMAT_MAJOR}.x)`, { file: BUNDLE_FILES.config });
  }
  if (opts.verifyIntegrity ?? true) {
    const integrity = JSON.parse(new TextDecoder().decode(read(BUNDLE_FILES.integrity))) as BundleIntegrity;
    for (const name of [BUNDLE_FILES.config, BUNDLE_FILES.weights]) {
      const got = await sha256Hex(read(name));
      if (integrity.files?.[name] !== got) {
        throw new BundleError(`${who}: ${name} has sha256 ${got}; expected ${integrity.files?.[name]} (integrity.json)`, { file: name });
      }
    }
  }
  const config = parseFoundationConfig(json);
  const { tensors } = readSafetensors(read(BUNDLE_FILES.weights));
  const model = createFoundationModel(config);
  try {
    model.params.load(
      [...tensors].map(([name, t]) => {
        if (t.dtype !== 'F32') throw new BundleError(`${who}: tensor '${name}' has dtype ${t.dtype}; expected F32`, { file: BUNDLE_FILES.weights, tensor: name });
        return { name, shape: t.shape, values: t.data as Float32Array };
      }),
    );
  } catch (e) {
    model.dispose();
    if (e instanceof BundleError) throw e;
    throw new BundleError(`${who}: weights.safetensors does not fit the config: ${(e as Error).message}`, { file: BUNDLE_FILES.weights });
  }
  if (config.training) model.training = config.training;
  return model;
}

/** Writes the bundle folder atomically (temporary sibling folder, then rename). Node only. */
export async function saveFoundationModel(dir: string, model: FoundationModel, opts: { overwrite?: boolean } = {}): Promise<BundleIntegrity> {
  return writeBundleFolder('saveFoundationModel', dir, await encodeFoundationBundle(model), opts);
}

/** Reads a bundle folder written by {@link saveFoundationModel}. Node only. */
export async function loadFoundationModel(dir: string, opts: { verifyIntegrity?: boolean } = {}): Promise<FoundationModel> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const files: BundleFiles = new Map();
  for (const name of [BUNDLE_FILES.config, BUNDLE_FILES.weights, BUNDLE_FILES.integrity]) {
    const bytes = await fs.readFile(path.join(dir, name)).then((b) => new Uint8Array(b), () => undefined);
    if (bytes !== undefined) files.set(name, bytes);
  }
  return decodeFoundationBundle(files, opts);
}
