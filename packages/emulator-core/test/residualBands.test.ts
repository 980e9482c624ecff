import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  BUNDLE_FILES,
  BundleError,
  RESIDUAL_BANDS_FILE,
  loadEmulator,
  loadResidualBands,
  readSafetensors,
  registerEmulatorKind,
  saveEmulator,
  unregisterEmulatorKind,
} from '../src/index';
import { createLinear, linearConfig, linearKind } from './linearKind';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerEmulatorKind(linearKind);
  root = mkdtempSync(join(tmpdir(), 'residual-bands-'));
});
afterAll(() => {
  unregisterEmulatorKind('test-linear');
  rmSync(root, { recursive: true, force: true });
});

const M = 12;
const bands = {
  percentiles: [2.5, 16, 50, 84, 97.5],
  values: [-2, -1, 0.1, 1, 2].map((s) => Float64Array.from({ length: M }, (_, j) => s * 1e-3 * (1 + j / M))),
  wavelength: Float64Array.from({ length: M }, (_, j) => 5000 + 0.1 * j),
  spectra: 500,
};

test('residual bands round-trip through a bundle (F64, listed in integrity.json); the bundle still loads', async () => {
  const em = createLinear(linearConfig(M));
  const dir = join(root, 'with');
  await saveEmulator(dir, em, { residualBands: bands });
  const integrity = JSON.parse(readFileSync(join(dir, BUNDLE_FILES.integrity), 'utf8'));
  expect(Object.keys(integrity.files)).toContain('residual-bands.safetensors');
  const st = readSafetensors(new Uint8Array(readFileSync(join(dir, RESIDUAL_BANDS_FILE))));
  expect(st.tensors.get('values')!.shape).toEqual([5, M]);
  const back = await loadResidualBands(dir);
  expect(back!.percentiles).toEqual(bands.percentiles);
  back!.values.forEach((v, k) => expect(Array.from(v)).toEqual(Array.from(bands.values[k]!)));
  expect(Array.from(back!.wavelength!)).toEqual(Array.from(bands.wavelength));
  expect(back!.spectra).toBe(500);
  const loaded = await loadEmulator(dir);
  expect(loaded.labels).toEqual(em.labels);
  loaded.dispose();
  em.dispose();
});

test('older bundles (no bands file) load and give undefined; a tampered bands file is rejected by sha256', async () => {
  const em = createLinear(linearConfig(M));
  const without = join(root, 'without');
  await saveEmulator(without, em);
  expect(await loadResidualBands(without)).toBeUndefined();
  const dir = join(root, 'tampered');
  await saveEmulator(dir, em, { residualBands: bands });
  const f = join(dir, RESIDUAL_BANDS_FILE);
  const bytes = readFileSync(f);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(f, bytes);
  await expect(loadResidualBands(dir)).rejects.toThrow(/sha256 mismatch for 'residual-bands.safetensors'/);
  await expect(loadEmulator(dir)).rejects.toBeInstanceOf(BundleError);
  await expect(
    saveEmulator(join(root, 'bad'), em, { residualBands: { ...bands, wavelength: new Float64Array(3) } }),
  ).rejects.toThrow(/wavelength has 3 values; the bands have 12 pixels/);
  em.dispose();
});
