import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { getEmulatorKind, loadEmulator, saveEmulator, type LabelSpec } from '@astroemu/emulator-core';
import { ConvEmulator, createConvEmulator } from '../src/index';

const tmp = mkdtempSync(join(tmpdir(), 'conv-bundle-'));
const labels: LabelSpec[] = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', min: 4, max: 5 },
  { name: '[Fe/H]', unit: 'dex', min: -2, max: 1 },
];
const wavelength = Float64Array.from({ length: 500 }, (_, i) => 5000 * Math.exp(i / 1e5));

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test("kind 'conv' is registered on import", () => {
  expect(getEmulatorKind('conv').kind).toBe('conv');
});

test('save → load → predict reproduces outputs bit for bit', async () => {
  const em = createConvEmulator({
    preset: 'small',
    labels,
    wavelength,
    seed: 5,
    samplePlacement: 'logWavelength',
    medium: 'air',
  });
  await saveEmulator(join(tmp, 'small'), em);
  const loaded = await loadEmulator(join(tmp, 'small'), { verifyFingerprint: true });
  expect(loaded).toBeInstanceOf(ConvEmulator);
  expect(loaded.config()).toEqual(em.config());
  expect([...loaded.weights().keys()]).toEqual([...em.weights().keys()]);
  const x = tf.tensor2d([
    [5000, 4.5, -0.5],
    [4100, 4.9, 0.9],
  ]);
  const a = em.predict(x);
  const b = loaded.predict(x);
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  tf.dispose([x, a, b]);
  em.dispose();
  loaded.dispose();
});

test('dispose frees every tensor the emulator holds', () => {
  const before = tf.memory().numTensors;
  createConvEmulator({ preset: 'small', labels, wavelength }).dispose();
  expect(tf.memory().numTensors).toBe(before);
});
