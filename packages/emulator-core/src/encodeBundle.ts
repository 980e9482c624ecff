import type * as tf from '@tensorflow/tfjs';
import { BUNDLE_FILES, type BundleFiles, RESIDUAL_BANDS_FILE, WAVELENGTH_TENSOR } from './bundleLayout';
import type { Emulator } from './emulator';
import { BundleError } from './errors';
import { type FingerprintOptions, makeFingerprint } from './fingerprint';
import { getEmulatorKind } from './registry';
import { type BundleResidualBands, encodeResidualBands } from './residualBandsFile';
import type { SafetensorsTensor } from './safetensorsDtype';
import { sealBundle } from './openBundleFiles';
import { writeSafetensors } from './writeSafetensors';

export interface EncodeBundleOptions {
  /** Fingerprint to store (default: 3 label points × 8 wavelengths); `false` stores none. */
  fingerprint?: FingerprintOptions | false;
  /** Validation residual bands to store as residual-bands.safetensors (optional; loadResidualBands reads them). */
  residualBands?: BundleResidualBands;
}

const TF_TO_SAFETENSORS: Record<string, 'F32' | 'I32' | 'BOOL'> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };

/**
 * Serialises an emulator of a registered kind to the files of a bundle (in memory): config.json,
 * weights.safetensors (+ the fixed grid as F64 'wavelength'), fingerprint.safetensors, integrity.json.
 * Checks that `weights()` matches the kind's `weightShapes` and holds no NaN/Infinity.
 */
export async function encodeBundle(emulator: Emulator, options: EncodeBundleOptions = {}): Promise<BundleFiles> {
  const who = 'saveEmulator';
  const def = getEmulatorKind(emulator.kind);
  const config = def.parseConfig(emulator.config());
  if (config.kind !== emulator.kind) {
    throw new BundleError(`${who}: config().kind '${config.kind}' differs from emulator.kind '${emulator.kind}'`, {
      file: BUNDLE_FILES.config,
    });
  }
  const expected = def.weightShapes(config);
  const weights = emulator.weights();
  const tensors = new Map<string, SafetensorsTensor>();
  for (const name of Object.keys(expected)) {
    if (!weights.has(name)) {
      throw new BundleError(
        `${who}: emulator of kind '${emulator.kind}' has no weight '${name}' although weightShapes lists it`,
        { tensor: name },
      );
    }
  }
  for (const [name, t] of weights) {
    if (name === WAVELENGTH_TENSOR)
      throw new BundleError(`${who}: weight name '${WAVELENGTH_TENSOR}' is reserved for the fixed grid`, {
        tensor: name,
      });
    const shape = expected[name];
    if (!shape) {
      throw new BundleError(
        `${who}: emulator of kind '${emulator.kind}' has weight '${name}' that weightShapes does not list`,
        { tensor: name },
      );
    }
    if (!sameShape(shape, t.shape)) {
      throw new BundleError(
        `${who}: weight '${name}' has shape [${t.shape.join(', ')}]; weightShapes expects [${shape.join(', ')}]`,
        { tensor: name },
      );
    }
    tensors.set(name, await toSafetensor(who, name, t));
  }
  const fixed =
    emulator.wavelength.fixed ?? (config.wavelength.fixed ? Float64Array.from(config.wavelength.fixed) : undefined);
  const fileConfig: Record<string, unknown> = { ...config, wavelength: { ...config.wavelength } };
  if (fixed) {
    tensors.set(WAVELENGTH_TENSOR, { dtype: 'F64', shape: [fixed.length], data: Float64Array.from(fixed) });
    (fileConfig.wavelength as Record<string, unknown>).fixed = { tensor: WAVELENGTH_TENSOR, length: fixed.length };
  }

  const files: BundleFiles = new Map();
  files.set(BUNDLE_FILES.config, new TextEncoder().encode(JSON.stringify(fileConfig, null, 2) + '\n'));
  files.set(
    BUNDLE_FILES.weights,
    writeSafetensors(tensors, { format: 'astroemu-bundle', kind: config.kind, formatVersion: config.formatVersion }),
  );
  if (options.fingerprint !== false) {
    files.set(BUNDLE_FILES.fingerprint, await makeFingerprint(emulator, options.fingerprint ?? {}));
  }
  if (options.residualBands) files.set(RESIDUAL_BANDS_FILE, encodeResidualBands(options.residualBands));
  return sealBundle(files);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

async function toSafetensor(who: string, name: string, t: tf.Tensor): Promise<SafetensorsTensor> {
  const dtype = TF_TO_SAFETENSORS[t.dtype];
  if (!dtype)
    throw new BundleError(`${who}: weight '${name}' has dtype ${t.dtype}; expected float32, int32 or bool`, {
      tensor: name,
    });
  const values = await t.data();
  if (dtype === 'F32') {
    const data = new Float32Array(values as Float32Array);
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new BundleError(
        `${who}: weight '${name}' holds ${data[bad]} at flat index ${bad}; refusing to save a non-finite weight`,
        { tensor: name },
      );
    return { dtype, shape: [...t.shape], data };
  }
  if (dtype === 'I32') return { dtype, shape: [...t.shape], data: new Int32Array(values as Int32Array) };
  return { dtype, shape: [...t.shape], data: Uint8Array.from(values as Uint8Array, (v) => (v ? 1 : 0)) };
}
