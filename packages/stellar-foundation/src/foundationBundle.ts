import {
  BUNDLE_FILES,
  BundleError,
  openBundleFiles,
  readBundleFolder,
  readSafetensors,
  sealBundle,
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
    if (bad >= 0)
      throw new BundleError(
        `encodeFoundationBundle: weight '${name}' element ${bad} is ${values[bad]}; expected finite values`,
        { tensor: name },
      );
    tensors.set(name, { dtype: 'F32', shape, data: values });
  }
  const config = { ...model.config(), packageVersion: FOUNDATION_PACKAGE_VERSION };
  const files: BundleFiles = new Map([
    [BUNDLE_FILES.config, new TextEncoder().encode(`${JSON.stringify(config, null, 2)}\n`)],
    [BUNDLE_FILES.weights, writeSafetensors(tensors, { kind: FOUNDATION_KIND })],
  ]);
  return sealBundle(files);
}

/**
 * Builds a model from bundle files, checking in order: format version → sha256 of every file → config
 * (strict schema) → tensor names, shapes and finiteness (Parameters.load) → build.
 */
export async function decodeFoundationBundle(
  files: BundleFiles,
  opts: { verifyIntegrity?: boolean } = {},
): Promise<FoundationModel> {
  const who = 'loadFoundationModel';
  // format version → sha256 of every file, as for every astroemu bundle (emulator-core)
  const { config: json, need: read } = await openBundleFiles(who, files, {
    verifyIntegrity: opts.verifyIntegrity ?? true,
    requireFormatVersion: false,
  });
  const config = parseFoundationConfig(json);
  const { tensors } = readSafetensors(read(BUNDLE_FILES.weights));
  const model = createFoundationModel(config);
  try {
    model.params.load(
      [...tensors].map(([name, t]) => {
        if (t.dtype !== 'F32')
          throw new BundleError(`${who}: tensor '${name}' has dtype ${t.dtype}; expected F32`, {
            file: BUNDLE_FILES.weights,
            tensor: name,
          });
        return { name, shape: t.shape, values: t.data as Float32Array };
      }),
    );
  } catch (e) {
    model.dispose();
    if (e instanceof BundleError) throw e;
    throw new BundleError(`${who}: weights.safetensors does not fit the config: ${(e as Error).message}`, {
      file: BUNDLE_FILES.weights,
    });
  }
  if (config.training) model.training = config.training;
  return model;
}

/** Writes the bundle folder atomically (temporary sibling folder, then rename). Node only. */
export async function saveFoundationModel(
  dir: string,
  model: FoundationModel,
  opts: { overwrite?: boolean } = {},
): Promise<BundleIntegrity> {
  return writeBundleFolder('saveFoundationModel', dir, await encodeFoundationBundle(model), opts);
}

/** Reads a bundle folder written by {@link saveFoundationModel}. Node only. */
export async function loadFoundationModel(
  dir: string,
  opts: { verifyIntegrity?: boolean } = {},
): Promise<FoundationModel> {
  const files = await readBundleFolder('loadFoundationModel', dir);
  return decodeFoundationBundle(files, opts);
}
