import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { getEmulatorKind, loadEmulator, saveEmulator, type LabelSpec } from '@astroemu/emulator-core';
import { createPayne, importAetBundle, PayneEmulator } from '../src/index';
import { fixturePath } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'payne-bundle-'));
const labels: LabelSpec[] = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', min: 4, max: 5 },
  { name: '[Fe/H]', unit: 'dex', min: -2, max: 1 },
];
const wavelength = Float64Array.from({ length: 64 }, (_, i) => 5000 * Math.exp(i / 1e5));

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test("kind 'payne' is registered on import", () => {
  expect(getEmulatorKind('payne').kind).toBe('payne');
});

test.each([
  ['small preset, gelu/sigmoid', () => createPayne({ preset: 'small', labels, wavelength, seed: 3, medium: 'air' })],
  [
    'leaky_relu/linear, 3 hidden',
    () => createPayne({ labels, wavelength, hidden: [8, 16, 8], activation: 'leaky_relu', outputActivation: 'linear' }),
  ],
])('save → load → predict reproduces outputs bit for bit (%s)', async (_, make) => {
  const em = make();
  const dirName = join(tmp, Math.random().toString(36).slice(2));
  await saveEmulator(dirName, em);
  const loaded = await loadEmulator(dirName, { verifyFingerprint: true });
  expect(loaded).toBeInstanceOf(PayneEmulator);
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

test('an imported AET bundle saves as an astroemu bundle and reloads identically', async () => {
  const em = await importAetBundle(fixturePath('aet_reference_bundle'));
  const d = join(tmp, 'aet');
  await saveEmulator(d, em);
  const loaded = await loadEmulator(d, { verifyFingerprint: true });
  expect(loaded.config().architecture).toMatchObject({ inputScaling: 'unit', activation: 'gelu_tanh' });
  const x = tf.tensor2d([[5750, 3.75, 0]]);
  const a = em.predict(x);
  const b = loaded.predict(x);
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  tf.dispose([x, a, b]);
  em.dispose();
  loaded.dispose();
});
