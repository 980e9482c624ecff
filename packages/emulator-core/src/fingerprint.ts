import * as tf from '@tensorflow/tfjs';
import type { Emulator } from './emulator';
import { BundleError } from './errors';
import { readSafetensors } from './readSafetensors';
import type { SafetensorsTensor } from './safetensorsDtype';
import { writeSafetensors } from './writeSafetensors';

/** What to put in a bundle's fingerprint (inputs → expected outputs). */
export interface FingerprintOptions {
  /** k × L labels in physical units, row-major. Default: 3 fixed points inside the label bounds (the first is the midpoint). */
  labels?: Float32Array;
  /** Grid emulators: pixel indices to record. Default: 8 evenly spaced pixels. */
  pixels?: number[];
  /** Wavelength-conditioned emulators: wavelengths (Å) to record. Default: 8 evenly spaced in [min, max]. */
  wavelengths?: Float64Array;
  /** Tolerance |pred − expected| ≤ atol + rtol·|expected| used at verification (defaults 1e-4, 1e-5). */
  rtol?: number;
  atol?: number;
}

export const FINGERPRINT_FILE = 'fingerprint.safetensors';

function defaultLabels(em: Emulator): Float32Array {
  const L = em.labels.length;
  const k = 3;
  const out = new Float32Array(k * L);
  for (let r = 0; r < k; r++) {
    for (let j = 0; j < L; j++) {
      const frac = r === 0 ? 0.5 : 0.1 + 0.8 * ((r * 0.6180339887 + j * 0.4142135624) % 1);
      const { min, max } = em.labels[j];
      out[r * L + j] = min + frac * (max - min);
    }
  }
  return out;
}

function evenly(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)));
}

/** Runs the emulator on the fingerprint inputs; returns flux [k, M'] as Float32Array. */
async function runFingerprint(
  em: Emulator,
  labels: Float32Array,
  pixels?: Int32Array,
  wavelengths?: Float64Array,
): Promise<Float32Array> {
  const k = labels.length / em.labels.length;
  const out = tf.tidy(() => {
    const x = tf.tensor2d(labels, [k, em.labels.length], 'float32');
    if (pixels) return tf.gather(em.predict(x), tf.tensor1d(pixels, 'int32'), 1);
    return em.predict(x, wavelengths);
  });
  try {
    return new Float32Array(await out.data());
  } finally {
    out.dispose();
  }
}

/** Builds `fingerprint.safetensors`: labels F32 [k, L], flux F32 [k, M'], and pixels I32 [M'] or wavelength F64 [M']. */
export async function makeFingerprint(em: Emulator, opts: FingerprintOptions = {}): Promise<Uint8Array> {
  const L = em.labels.length;
  const labels = opts.labels ?? defaultLabels(em);
  if (labels.length === 0 || labels.length % L !== 0) {
    throw new BundleError(`saveEmulator: fingerprint labels must hold k × ${L} values (k ≥ 1); got ${labels.length}`, {
      file: FINGERPRINT_FILE,
    });
  }
  const k = labels.length / L;
  const tensors: Record<string, SafetensorsTensor> = { labels: { dtype: 'F32', shape: [k, L], data: labels } };
  let flux: Float32Array;
  let m: number;
  const fixed = em.wavelength.fixed;
  if (fixed) {
    const pix = Int32Array.from(opts.pixels ?? evenly(fixed.length, 8));
    const bad = pix.findIndex((p) => p < 0 || p >= fixed.length);
    if (bad >= 0)
      throw new BundleError(
        `saveEmulator: fingerprint pixel ${pix[bad]} is outside the grid of ${fixed.length} pixels`,
        { file: FINGERPRINT_FILE },
      );
    flux = await runFingerprint(em, labels, pix);
    m = pix.length;
    tensors.pixels = { dtype: 'I32', shape: [m], data: pix };
  } else {
    const { min, max } = em.wavelength;
    const w = opts.wavelengths ?? Float64Array.from({ length: 8 }, (_, i) => min + (i / 7) * (max - min));
    flux = await runFingerprint(em, labels, undefined, w);
    m = w.length;
    tensors.wavelength = { dtype: 'F64', shape: [m], data: w };
  }
  tensors.flux = { dtype: 'F32', shape: [k, m], data: flux };
  return writeSafetensors(tensors, { rtol: String(opts.rtol ?? 1e-4), atol: String(opts.atol ?? 1e-5) });
}

/** Predicts the fingerprint inputs and throws BundleError if any output is outside tolerance. */
export async function checkFingerprint(em: Emulator, bytes: Uint8Array): Promise<void> {
  const who = 'loadEmulator';
  let fp;
  try {
    fp = readSafetensors(bytes);
  } catch (e) {
    throw new BundleError(`${who}: ${FINGERPRINT_FILE}: ${(e as Error).message}`, { file: FINGERPRINT_FILE });
  }
  const get = (name: string) => {
    const t = fp.tensors.get(name);
    if (!t)
      throw new BundleError(`${who}: ${FINGERPRINT_FILE} has no tensor '${name}'`, {
        file: FINGERPRINT_FILE,
        tensor: name,
      });
    return t;
  };
  const labels = get('labels');
  const flux = get('flux');
  const L = em.labels.length;
  if (labels.shape.length !== 2 || labels.shape[1] !== L || !(labels.data instanceof Float32Array)) {
    throw new BundleError(
      `${who}: ${FINGERPRINT_FILE} tensor 'labels' must be F32 [k, ${L}]; got ${labels.dtype} [${labels.shape.join(', ')}]`,
      { file: FINGERPRINT_FILE, tensor: 'labels' },
    );
  }
  const pixels = fp.tensors.get('pixels');
  const wl = fp.tensors.get('wavelength');
  const got = await runFingerprint(
    em,
    labels.data,
    pixels ? Int32Array.from(pixels.data as Int32Array) : undefined,
    wl ? Float64Array.from(wl.data as Float64Array) : undefined,
  );
  if (got.length !== flux.data.length) {
    throw new BundleError(
      `${who}: fingerprint flux has ${flux.data.length} values but the emulator produced ${got.length}`,
      { file: FINGERPRINT_FILE, tensor: 'flux' },
    );
  }
  const rtol = Number(fp.metadata.rtol ?? 1e-4);
  const atol = Number(fp.metadata.atol ?? 1e-5);
  const expected = flux.data as Float32Array;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < got.length; i++) {
    const excess = Math.abs(got[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    const m = flux.shape[1] ?? 1;
    throw new BundleError(
      `${who}: fingerprint mismatch for kind '${em.kind}': row ${Math.floor(worst / m)}, column ${worst % m}: expected ${expected[worst]}, got ${got[worst]} ` +
        `(tolerance atol ${atol} + rtol ${rtol}·|expected|)`,
      { file: FINGERPRINT_FILE, tensor: 'flux' },
    );
  }
}
