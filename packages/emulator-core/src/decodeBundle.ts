import * as tf from '@tensorflow/tfjs';
import { BUNDLE_FILES, type BundleFiles, WAVELENGTH_TENSOR } from './bundleLayout';
import type { Emulator } from './emulator';
import { BundleError } from './errors';
import { checkFingerprint } from './fingerprint';
import { readSafetensors, type SafetensorsFile } from './readSafetensors';
import { openBundleFiles } from './openBundleFiles';
import { getEmulatorKind } from './registry';

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
export async function decodeBundle(
  files: BundleFiles | Record<string, Uint8Array>,
  options: DecodeBundleOptions = {},
): Promise<Emulator> {
  // 1. version, 2. integrity
  const { config: cfg, need } = await openBundleFiles(WHO, files, options);

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
      throw new BundleError(`${WHO}: ${BUNDLE_FILES.weights} has unexpected tensor '${name}' for kind '${def.kind}'`, {
        file: BUNDLE_FILES.weights,
        tensor: name,
      });
    }
  }
  const weights = new Map<string, tf.Tensor>();
  let emulator: Emulator;
  try {
    for (const [name, shape] of Object.entries(expected)) {
      const t = st.tensors.get(name);
      if (!t)
        throw new BundleError(
          `${WHO}: ${BUNDLE_FILES.weights} is missing tensor '${name}' (kind '${def.kind}' expects shape [${shape.join(', ')}])`,
          { file: BUNDLE_FILES.weights, tensor: name },
        );
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        throw new BundleError(
          `${WHO}: ${BUNDLE_FILES.weights} tensor '${name}' has shape [${t.shape.join(', ')}]; expected [${shape.join(', ')}]`,
          { file: BUNDLE_FILES.weights, tensor: name },
        );
      }
      if (t.dtype === 'I32') weights.set(name, tf.tensor(t.data as Int32Array, t.shape, 'int32'));
      else if (t.dtype === 'BOOL') weights.set(name, tf.tensor(t.data as Uint8Array, t.shape, 'bool'));
      else if (t.dtype === 'F32' || t.dtype === 'F16' || t.dtype === 'BF16' || t.dtype === 'F64') {
        const data = t.data as Float32Array | Float64Array;
        const bad = data.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          throw new BundleError(
            `${WHO}: ${BUNDLE_FILES.weights} tensor '${name}' holds ${data[bad]} at flat index ${bad}; weights must be finite`,
            { file: BUNDLE_FILES.weights, tensor: name },
          );
        }
        weights.set(name, tf.tensor(data instanceof Float32Array ? data : Float32Array.from(data), t.shape, 'float32'));
      } else {
        throw new BundleError(
          `${WHO}: ${BUNDLE_FILES.weights} tensor '${name}' has dtype ${t.dtype}; expected F32, F16, BF16, F64, I32 or BOOL`,
          { file: BUNDLE_FILES.weights, tensor: name },
        );
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

function resolveFixedGrid(cfg: Record<string, unknown>, st: SafetensorsFile): Record<string, unknown> {
  const w = cfg.wavelength as Record<string, unknown> | undefined;
  const ref = w?.fixed as { tensor?: unknown; length?: unknown } | undefined;
  if (!ref || Array.isArray(ref) || typeof ref !== 'object') return cfg; // absent or inline number[]
  const name = typeof ref.tensor === 'string' ? ref.tensor : WAVELENGTH_TENSOR;
  const t = st.tensors.get(name);
  if (!t)
    throw new BundleError(
      `${WHO}: ${BUNDLE_FILES.weights} is missing tensor '${name}' (the fixed wavelength grid named in config.wavelength.fixed)`,
      { file: BUNDLE_FILES.weights, tensor: name },
    );
  if (t.dtype !== 'F64' || t.shape.length !== 1 || (ref.length !== undefined && t.shape[0] !== ref.length)) {
    throw new BundleError(
      `${WHO}: tensor '${name}' must be F64 [${String(ref.length ?? 'M')}]; got ${t.dtype} [${t.shape.join(', ')}]`,
      { file: BUNDLE_FILES.weights, tensor: name },
    );
  }
  return { ...cfg, wavelength: { ...w, fixed: Array.from(t.data as Float64Array) } };
}
