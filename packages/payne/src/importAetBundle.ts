import * as tf from '@tensorflow/tfjs';
import {
  BundleError,
  ConfigError,
  readSafetensors,
  sha256Hex,
  type SafetensorsFile,
  type SafetensorsTensor,
} from '@astroemu/emulator-core';
import type { PayneActivation } from './activation';
import { createPayne } from './createPayne';
import type { PayneEmulator } from './PayneEmulator';

export interface ImportAetBundleOptions {
  /** Check every file against the bundle's bundle_integrity.json sha256 list (default true). */
  verifyIntegrity?: boolean;
  /**
   * Run the bundle's own check (fingerprint_evaluation/inputs → outputs, canonical spaces) and throw a BundleError
   * if |got − expected| > atol + rtol·|expected| with the bundle's tolerances (default true).
   */
  verifyFingerprint?: boolean;
}

/** Result of the fingerprint check of an imported bundle. */
export interface AetFingerprintCheck {
  maxAbsError: number;
  rtol: number;
  atol: number;
}

const WHO = 'importAetBundle';
const LAYERS = 'params/params/core_model/layers';
/** AET activation names → ours. AET's 'gelu' is Flax `nn.gelu`, whose default is the tanh approximation. */
const ACTIVATIONS: Record<string, PayneActivation> = {
  gelu: 'gelu_tanh',
  gelu_tanh: 'gelu_tanh',
  sigmoid: 'sigmoid',
  leaky_relu: 'leaky_relu',
};

/**
 * Imports an astro-emulators-toolkit MLP bundle (folder, or a map of its files by relative path): kernels (in, out)
 * under `params/params/core_model/layers/{i}/{kernel,bias}`, tanh GELU on hidden layers, linear output; inputs
 * min–max scaled to [0, 1] with `reference_scaling_inputs` (min/parameters, max/parameters); physical flux =
 * min/flux + (max/flux − min/flux)·y (`reference_scaling_outputs`, folded into the output layer when not the
 * identity); grid from `extras/wavelength_angstrom`. Label names and units from metadata.json.
 */
export async function importAetBundle(
  dir: string | Map<string, Uint8Array>,
  options: ImportAetBundleOptions = {},
): Promise<PayneEmulator & { aetFingerprint?: AetFingerprintCheck }> {
  const files = typeof dir === 'string' ? await readFolder(dir) : dir;
  const need = (name: string): Uint8Array => {
    const b = files.get(name);
    if (!b) throw new BundleError(`${WHO}: bundle has no file '${name}'`, { file: name });
    return b;
  };
  const json = (name: string): any => {
    try {
      return JSON.parse(new TextDecoder().decode(need(name)));
    } catch (e) {
      if (e instanceof BundleError) throw e;
      throw new BundleError(`${WHO}: ${name} is not valid JSON: ${(e as Error).message}`, { file: name });
    }
  };
  const st = (name: string): SafetensorsFile => {
    try {
      return readSafetensors(need(name));
    } catch (e) {
      throw new BundleError(`${WHO}: ${name}: ${(e as Error).message}`, { file: name });
    }
  };
  const tensor = (file: SafetensorsFile, fname: string, key: string): SafetensorsTensor => {
    const t = file.tensors.get(key);
    if (!t) throw new BundleError(`${WHO}: ${fname} has no tensor '${key}'`, { file: fname, tensor: key });
    return t;
  };

  if (options.verifyIntegrity ?? true) {
    const integrity = json('bundle_integrity.json') as {
      algorithm?: string;
      tree?: Array<{ path: string; sha256: string }>;
    };
    if (integrity.algorithm !== 'sha256' || !Array.isArray(integrity.tree)) {
      throw new BundleError(`${WHO}: bundle_integrity.json must have algorithm 'sha256' and a 'tree' list`, {
        file: 'bundle_integrity.json',
      });
    }
    for (const { path, sha256 } of integrity.tree) {
      const got = await sha256Hex(need(path));
      if (got !== sha256)
        throw new BundleError(
          `${WHO}: sha256 mismatch for '${path}': bundle_integrity.json says ${sha256}, file has ${got}`,
          { file: path },
        );
    }
  }

  const config = json('config.json');
  const metadata = json('metadata.json');
  const model = metadata?.resolved?.model ?? config?.model;
  if (model?.name !== 'mlp')
    throw new ConfigError(`${WHO}: only model 'mlp' can be imported as a Payne; got '${model?.name}'`);
  const activation = ACTIVATIONS[model.params?.activation];
  if (!activation) {
    throw new ConfigError(
      `${WHO}: activation must be one of ${Object.keys(ACTIVATIONS).join(', ')}; got '${model.params?.activation}'`,
    );
  }
  if (model.params?.use_bias === false) throw new ConfigError(`${WHO}: MLPs without biases are not supported`);

  const weightsFile = 'weights/weights.safetensors';
  const w = st(weightsFile);
  let n = 0;
  while (w.tensors.has(`${LAYERS}/${n}/kernel`)) n++;
  if (n < 2)
    throw new BundleError(`${WHO}: ${weightsFile} has ${n} layers under '${LAYERS}'; expected at least 2`, {
      file: weightsFile,
    });

  const scalingFile = 'reference_scaling_inputs.safetensors';
  const scaling = st(scalingFile);
  const xMin = Float64Array.from(tensor(scaling, scalingFile, 'min/parameters').data as ArrayLike<number>);
  const xMax = Float64Array.from(tensor(scaling, scalingFile, 'max/parameters').data as ArrayLike<number>);
  const outFile = 'reference_scaling_outputs.safetensors';
  const outScaling = st(outFile);
  const yMin = Float64Array.from(tensor(outScaling, outFile, 'min/flux').data as ArrayLike<number>);
  const yMax = Float64Array.from(tensor(outScaling, outFile, 'max/flux').data as ArrayLike<number>);
  const wlFile = 'extras/wavelength_angstrom.safetensors';
  const grid = Float64Array.from(tensor(st(wlFile), wlFile, 'value').data as ArrayLike<number>);

  const inputs = metadata?.spec?.inputs ?? config?.io?.inputs;
  const names: string[] = inputs?.channel_names_tree?.parameters ?? Array.from(xMin, (_, i) => `label_${i}`);
  const units: Array<string | undefined> = inputs?.channel_units_tree?.parameters ?? [];
  const labels = Array.from(xMin, (min, j) => ({
    name: String(names[j]),
    ...(units[j] != null && { unit: String(units[j]) }),
    min,
    max: xMax[j]!,
  }));

  const weights = new Map<string, tf.Tensor>();
  const hidden: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const k = tensor(w, weightsFile, `${LAYERS}/${i}/kernel`);
      const b = tensor(w, weightsFile, `${LAYERS}/${i}/bias`);
      const name = i === 0 ? 'input' : i === n - 1 ? 'output' : `hidden/${i - 1}`;
      let kernel: Float32Array = Float32Array.from(k.data as ArrayLike<number>);
      let bias: Float32Array = Float32Array.from(b.data as ArrayLike<number>);
      if (i === n - 1) [kernel, bias] = foldOutputScaling(kernel, bias, k.shape[1]!, yMin, yMax);
      else hidden.push(k.shape[1]!);
      weights.set(`${name}/kernel`, tf.tensor2d(kernel, k.shape as [number, number]));
      weights.set(`${name}/bias`, tf.tensor1d(bias));
    }
    const emulator: PayneEmulator & { aetFingerprint?: AetFingerprintCheck } = createPayne({
      labels,
      wavelength: grid,
      hidden,
      activation,
      outputActivation: 'linear',
      inputScaling: 'unit',
      weights,
      training: {
        source: 'astro-emulators-toolkit bundle',
        release: metadata?.release ?? null,
        toolkitVersion: metadata?.provenance?.toolkit_version ?? null,
      },
    });
    if (options.verifyFingerprint ?? true) {
      try {
        emulator.aetFingerprint = checkFingerprint(emulator, metadata, st, tensor, yMin, yMax);
      } catch (e) {
        emulator.dispose();
        throw e;
      }
    }
    return emulator;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

/** kernel' = kernel·(max − min), bias' = min + (max − min)·bias (per pixel or scalar); unchanged for min 0, max 1. */
function foldOutputScaling(
  kernel: Float32Array,
  bias: Float32Array,
  M: number,
  yMin: Float64Array,
  yMax: Float64Array,
): [Float32Array, Float32Array] {
  const at = (a: Float64Array, j: number) => (a.length === 1 ? a[0]! : a[j]!);
  if ((yMin.length !== 1 && yMin.length !== M) || (yMax.length !== 1 && yMax.length !== M)) {
    throw new BundleError(
      `${WHO}: output scaling min/flux, max/flux must be scalars or have ${M} values; got ${yMin.length} and ${yMax.length}`,
    );
  }
  const identity = [...yMin].every((v) => v === 0) && [...yMax].every((v) => v === 1);
  if (identity) return [kernel, bias];
  const k = new Float32Array(kernel.length);
  for (let r = 0; r < kernel.length / M; r++)
    for (let j = 0; j < M; j++) k[r * M + j] = kernel[r * M + j]! * (at(yMax, j) - at(yMin, j));
  const b = Float32Array.from(bias, (v, j) => at(yMin, j) + (at(yMax, j) - at(yMin, j)) * v);
  return [k, b];
}

function checkFingerprint(
  emulator: PayneEmulator,
  metadata: any,
  st: (name: string) => SafetensorsFile,
  tensor: (f: SafetensorsFile, fname: string, key: string) => SafetensorsTensor,
  yMin: Float64Array,
  yMax: Float64Array,
): AetFingerprintCheck {
  const fp = metadata?.fingerprint_evaluation;
  const inFile: string = fp?.inputs?.filename ?? 'fingerprint_evaluation/inputs.safetensors';
  const outFile: string = fp?.outputs?.filename ?? 'fingerprint_evaluation/outputs.safetensors';
  const x = tensor(st(inFile), inFile, 'parameters');
  const y = tensor(st(outFile), outFile, 'flux');
  const rtol = Number(fp?.rtol ?? 1e-5);
  const atol = Number(fp?.atol ?? 1e-7);
  const L = emulator.labels.length;
  const got = tf.tidy(() =>
    emulator
      .forwardScaled(tf.tensor2d(Float32Array.from(x.data as ArrayLike<number>), [x.data.length / L, L]))
      .dataSync(),
  );
  const expected = y.data as ArrayLike<number>;
  if (got.length !== expected.length) {
    throw new BundleError(
      `${WHO}: fingerprint outputs have ${expected.length} values; the network gives ${got.length}`,
      { file: outFile },
    );
  }
  const M = emulator.wavelength.fixed!.length;
  let maxAbsError = 0;
  for (let i = 0; i < got.length; i++) {
    const j = i % M;
    const lo = yMin.length === 1 ? yMin[0]! : yMin[j]!;
    const hi = yMax.length === 1 ? yMax[0]! : yMax[j]!;
    const e = lo + (hi - lo) * Number(expected[i]); // canonical → physical
    const err = Math.abs(got[i]! - e);
    maxAbsError = Math.max(maxAbsError, err);
    if (!(err <= atol + rtol * Math.abs(e))) {
      throw new BundleError(
        `${WHO}: fingerprint mismatch at output ${i}: expected ${e}, got ${got[i]} (tolerance atol ${atol} + rtol ${rtol}·|expected|)`,
        { file: outFile, tensor: 'flux' },
      );
    }
  }
  return { maxAbsError, rtol, atol };
}

async function readFolder(dir: string): Promise<Map<string, Uint8Array>> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new BundleError(`${WHO}: '${dir}' is not a folder`);
  const files = new Map<string, Uint8Array>();
  const walk = async (rel: string): Promise<void> => {
    for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile()) files.set(r, new Uint8Array(await fs.readFile(path.join(dir, r))));
    }
  };
  await walk('');
  return files;
}
