import * as tf from '@tensorflow/tfjs';
import { BUNDLE_FILES, type BundleFiles, WAVELENGTH_TENSOR } from './bundleLayout';
import type { Emulator } from './emulator';
import { FORMAT_MAJOR, parseFormatVersion } from './emulatorConfigSchema';
import { BundleError } from './errors';
import { checkFingerprint } from './fingerprint';
import { readSafetensors, type SafetensorsFile } from './readSafetensors';
import { getEmulatorKind } from './registry';
import { sha256Hex } from './sha256';

export interface DecodeBundleOptions {
  /** Check the sha256 of every file against integrity.json (default true). */
  verifyIntegrity?: boolean;
  /** Predict the stored fingerprint inputs and compare (default false; needs fingerprint.safetensors). */
  verifyFingerprint?: boolean;
}

const WHO = 'loadEmulator';

/**
 * Builds an emulator from the files of a bundle (in memory; browsers can fetch them). Order of
 * checks: format version → integrity (sha256) → config (kind's schema) → tensor names/shapes/
 * finiteness → build → optional fingerprint. Throws BundleError (or ConfigError for the config).
 */
export async function decodeBundle(files: BundleFiles | Record<string, Uint8Array>, options: DecodeBundleOptions = {}): Promise<Emulator> {
  const get = (name: string): Uint8Array | undefined => (files instanceof Map ? files.get(name) : files[name]);
  const need = (name: string): Uint8Array => {
    const b = get(name);
    if (!b) throw new BundleError(`${WHO}: bundle has no file '${name}'`, { file: name });
    return b;
  };

  // 1. version
  const rawConfig = parseJson(need(BUNDLE_FILES.config), BUNDLE_FILES.config);
  if (typeof rawConfig !== 'object' || rawConfig === null || Array.isArray(rawConfig)) {
    throw new BundleError(`${WHO}: ${BUNDLE_FILES.config} must hold a JSON object`, { file: BUNDLE_FILES.config });
  }
  const cfg = rawConfig as Record<string, unknown>;
  const version = parseFormatVersion(cfg.formatVersion);
  if (!version) {
    throw new BundleError(`${WHO}: ${BUNDLE_FILES.config} formatVersion must look like "1.0"; got ${JSON.stringify(cfg.formatVersion)}`, { file: BUNDLE_FILES.config });
  }
  if (version.major > FORMAT_MAJOR) {
    throw new BundleError(
      `${WHO}: bundle formatVersion ${cfg.formatVersion} is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/emulator-core`,
      { file: BUNDLE_FILES.config },
    );
  }

  // 2. integrity
  if (options.verifyIntegrity !== false) await verifyIntegrity(get, need);

  // 3. config (the fixed grid lives in the weights file as F64 'wavelength')
  const def = getEmulatorKind(String(cfg.kind));
  const weightsBytes = need(BUNDLE_FILES.weights);
  let st: SafetensorsFile;
  try {
    st = readSafetensors(weightsBytes);
  } catch (e) {
    throw new BundleError(`${WHO}: ${BUNDLE_FILES.weights}: ${(e as Error).message}`, { file: BUNDLE_FILES.weights });
  }
  const config = def.parseConfig(resolveFixedGrid(cfg, st));

  // 4. tensor names / shapes / values
  const expected = def.weightShapes(config);
  for (const name of st.tensors.keys()) {
    if (name !== WAVELENGTH_TENSOR && !(name in expected)) {
      throw new BundleError(`${WHO}: ${BUNDLE_FILES.weights} has unexpected tensor '${name}' for kind '${def.kind}'`, { file: BUNDLE_FILES.weights, tensor: name });
    }
  }
  const weights = new Map<string, tf.Tensor>();
  let emulator: Emulator;
  try {
    for (const [name, shape] of Object.entries(expected)) {
      const t = st.tensors.get(name);
      if (!t) throw new BundleError(`${WHO}: ${BUNDLE_FILES.weights} is missing tensor '${name}' (kind '${def.kind}' expects shape [${shape.join(', ')}])`, { file: BUNDLE_FILES.weights, tensor: name });
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        throw new BundleError(`${WHO}: ${BUNDLE_FILES.weights} tensor '${name}' has shape [${t.shape.join(', ')}]; expected [${shape.join(', ')}]`, { file: BUNDLE_FILES.weights, tensor: name });
      }
      if (t.dtype === 'I32') weights.set(name, tf.tensor(t.data as Int32Array, t.shape, 'int32'));
      else if (t.dtype === 'BOOL') weights.set(name, tf.tensor(t.data as Uint8Array, t.shape, 'bool'));
      else if (t.dtype === 'F32' || t.dtype === 'F16' || t.dtype === 'BF16' || t.dtype === 'F64') {
        const data = t.data as Float32Array | Float64Array;
        const bad = data.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          throw new BundleError(`${WHO}: ${BUNDLE_FILES.weights} tensor '${name}' holds ${data[bad]} at flat index ${bad}; weights must be finite`, { file: BUNDLE_FILES.weights, tensor: name });
        }
        weights.set(name, tf.tensor(data instanceof Float32Array ? data : Float32Array.from(data), t.shape, 'float32'));
      } else {
        throw new BundleError(`${WHO}: ${BUNDLE_FILES.weights} tensor '${name}' has dtype ${t.dtype}; expected F32, F16, BF16, F64, I32 or BOOL`, { file: BUNDLE_FILES.weights, tensor: name });
      }
    }
    // 5. build
    emulator = def.build(config, weights);
  } finally {
    for (const t of weights.values()) t.dispose();
  }

  // 6. fingerprint
  if (options.verifyFingerprint) {
    try {
      await checkFingerprint(emulator, need(BUNDLE_FILES.fingerprint));
    } catch (e) {
      emulator.dispose();
      throw e;
    }
  }
  return emulator;
}

function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new BundleError(`${WHO}: ${file} is not valid UTF-8 JSON: ${(e as Error).message}`, { file });
  }
}

async function verifyIntegrity(get: (n: string) => Uint8Array | undefined, need: (n: string) => Uint8Array): Promise<void> {
  const f = BUNDLE_FILES.integrity;
  const integrity = parseJson(need(f), f) as { algorithm?: unknown; files?: unknown };
  if (integrity?.algorithm !== 'sha256' || typeof integrity.files !== 'object' || integrity.files === null) {
    throw new BundleError(`${WHO}: ${f} must be {"algorithm": "sha256", "files": {name: hex}}; got algorithm ${JSON.stringify(integrity?.algorithm)}`, { file: f });
  }
  const listed = integrity.files as Record<string, unknown>;
  for (const required of [BUNDLE_FILES.config, BUNDLE_FILES.weights, BUNDLE_FILES.fingerprint]) {
    if (get(required) && !(required in listed)) throw new BundleError(`${WHO}: ${f} does not list '${required}'`, { file: required });
  }
  for (const [name, hex] of Object.entries(listed)) {
    const actual = await sha256Hex(need(name));
    if (actual !== hex) {
      throw new BundleError(`${WHO}: sha256 mismatch for '${name}': ${f} says ${String(hex)}, file has ${actual}`, { file: name });
    }
  }
}

function resolveFixedGrid(cfg: Record<string, unknown>, st: SafetensorsFile): Record<string, unknown> {
  const w = cfg.wavelength as Record<string, unknown> | undefined;
  const ref = w?.fixed as { tensor?: unknown; length?: unknown } | undefined;
  if (!ref || Array.isArray(ref) || typeof ref !== 'object') return cfg; // absent or inline number[]
  const name = typeof ref.tensor === 'string' ? ref.tensor : WAVELENGTH_TENSOR;
  const t = st.tensors.get(name);
  if (!t) throw new BundleError(`${WHO}: ${BUNDLE_FILES.weights} is missing tensor '${name}' (the fixed wavelength grid named in config.wavelength.fixed)`, { file: BUNDLE_FILES.weights, tensor: name });
  if (t.dtype !== 'F64' || t.shape.length !== 1 || (ref.length !== undefined && t.shape[0] !== ref.length)) {
    throw new BundleError(`${WHO}: tensor '${name}' must be F64 [${String(ref.length ?? 'M')}]; got ${t.dtype} [${t.shape.join(', ')}]`, { file: BUNDLE_FILES.weights, tensor: name });
  }
  return { ...cfg, wavelength: { ...w, fixed: Array.from(t.data as Float64Array) } };
}
