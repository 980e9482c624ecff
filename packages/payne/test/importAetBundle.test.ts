import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import { BundleError, readSafetensors } from '@astroemu/emulator-core';
import { importAetBundle } from '../src/index';
import { expectClose, expectNoLeak, fixturePath } from './helpers';

const dir = fixturePath('aet_reference_bundle');

beforeAll(async () => {
  await tf.setBackend('cpu');
  if (!existsSync(`${dir}/weights/weights.safetensors`)) {
    throw new Error(`AET reference bundle missing at ${dir}: copy shared/external/aet_reference_bundle there`);
  }
});

test('imports the astro-emulators-toolkit reference bundle and reproduces its fingerprint', async () => {
  const em = await importAetBundle(dir);
  expect(em.architecture).toMatchObject({
    hidden: [128, 128],
    activation: 'gelu_tanh',
    outputActivation: 'linear',
    inputScaling: 'unit',
  });
  expect(em.labels).toEqual([
    { name: 'teff', unit: 'K', min: 4500, max: 7000 },
    { name: 'logg', unit: 'dex', min: 2.5, max: 5 },
    { name: 'feh', unit: 'dex', min: -0.30000001192092896, max: 0.30000001192092896 },
  ]);
  expect(em.wavelength.fixed!.length).toBe(500);
  expect(em.wavelength.fixed![0]).toBeCloseTo(5000, 9);
  expect(em.wavelength.fixed![499]).toBeCloseTo(5010, 9);
  expect(em.aetFingerprint!.maxAbsError).toBeLessThan(1e-6); // measured 5.96e-7 (float32, flux ≤ 1.0006)

  // independently: canonical [0.5, 0.5, 0.5] = the midpoint of the physical domain
  const expected = readSafetensors(
    new Uint8Array(readFileSync(`${dir}/fingerprint_evaluation/outputs.safetensors`)),
  ).tensors.get('flux')!;
  await expectNoLeak(() => {
    const y = tf.tidy(() => em.predict(tf.tensor2d([[5750, 3.75, 0]])));
    // float32 tfjs vs the bundle's float32 JAX outputs (flux 0.13–1.0)
    const maxAbs = expectClose(y.dataSync(), expected.data as Float32Array, 0, 1e-6);
    expect(maxAbs).toBeGreaterThanOrEqual(0);
    y.dispose();
  });
  em.dispose();
});

test('a tampered file fails the integrity check; a wrong fingerprint fails the fingerprint check', async () => {
  const files = new Map<string, Uint8Array>();
  const { readdirSync, statSync } = await import('node:fs');
  const walk = (rel: string): void => {
    for (const name of readdirSync(`${dir}/${rel}`)) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(`${dir}/${r}`).isDirectory()) walk(r);
      else files.set(r, new Uint8Array(readFileSync(`${dir}/${r}`)));
    }
  };
  walk('');
  const bad = new Map(files);
  const w = Uint8Array.from(files.get('weights/weights.safetensors')!);
  w[w.length - 1] ^= 1;
  bad.set('weights/weights.safetensors', w);
  await expect(importAetBundle(bad)).rejects.toThrow(/sha256 mismatch for 'weights\/weights.safetensors'/);
  const before = tf.memory().numTensors;
  await expect(importAetBundle(bad, { verifyIntegrity: false })).rejects.toThrow(BundleError);
  await expect(importAetBundle(bad, { verifyIntegrity: false })).rejects.toThrow(/fingerprint mismatch/);
  expect(tf.memory().numTensors).toBe(before);
});
