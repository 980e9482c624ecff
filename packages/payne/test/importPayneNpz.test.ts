import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import { ShapeError } from '@astroemu/emulator-core';
import { importPayneNpz, THE_PAYNE_APOGEE_LABELS } from '../src/index';
import { expectClose, expectNoLeak, fixturePath, readJson } from './helpers';

const fx = readJson<{ labels: number[][]; flux: number[][]; wavelength: number[] }>('payne_npz.json');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test("a The Payne .npz (25 labels → 16 → 16 → 300) predicts what The Payne's numpy code predicts", async () => {
  const em = await importPayneNpz(fixturePath('payne_small.npz'), fixturePath('payne_wavelength.npz'));
  expect(em.architecture).toMatchObject({
    hidden: [16, 16],
    activation: 'leaky_relu',
    outputActivation: 'linear',
    inputScaling: 'centered',
  });
  expect(em.labels.map((l) => l.name)).toEqual(THE_PAYNE_APOGEE_LABELS.map((l) => l.name));
  expect(em.labels[0]).toEqual({ name: 'Teff', unit: 'K', min: 3000, max: 7000 });
  expect(Array.from(em.wavelength.fixed!)).toEqual(fx.wavelength);
  await expectNoLeak(() => {
    const y = tf.tidy(() => em.predict(tf.tensor2d(fx.labels)));
    // float32 network vs float64 numpy: 2e-6 absolute on flux ≈ 1
    expectClose(y.dataSync(), fx.flux.flat(), 0, 2e-6);
    y.dispose();
  });
  em.dispose();
});

test('accepts bytes and an explicit grid; labelNames; shape errors name the array', async () => {
  const bytes = new Uint8Array(readFileSync(fixturePath('payne_small.npz')));
  const names = Array.from({ length: 25 }, (_, i) => `x${i}`);
  const em = await importPayneNpz(bytes, Float64Array.from(fx.wavelength), { labelNames: names, medium: 'vacuum' });
  expect(em.labels.map((l) => l.name)).toEqual(names);
  expect(em.wavelength.medium).toBe('vacuum');
  em.dispose();
  await expect(importPayneNpz(bytes, fx.wavelength.slice(1))).rejects.toThrow(ShapeError);
  await expect(importPayneNpz(bytes, fx.wavelength.slice(1))).rejects.toThrow(
    /predicts 300 pixels but the wavelength grid has 299/,
  );
  await expect(importPayneNpz(bytes, fx.wavelength, { labelNames: ['a'] })).rejects.toThrow(
    /labelNames has 1 names; x_min has 25/,
  );
});

test("reads The Payne's APOGEE wavelength grid (7214 pixels)", async () => {
  // The real file, copied with its licence note into grid-io's fixtures (tingyuansen/The_Payne, MIT).
  const path = new URL('../../grid-io/test/fixtures/numpy/apogee_wavelength.npz', import.meta.url).pathname;
  const { readNpz } = await import('@astroemu/grid-io');
  const wl = (await readNpz(path)).wavelength!;
  expect(wl.shape).toEqual([7214]);
  await expect(importPayneNpz(fixturePath('payne_small.npz'), path)).rejects.toThrow(
    /300 pixels but the wavelength grid has 7214/,
  );
});
