import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveEmulator } from '@astroemu/emulator-core';
import { createPredictPool, createTransformerPayne, type TransformerPayne } from '../src/index';
import { LABELS, WAVELENGTH_RANGE, grid } from './helpers';

// The workers run the BUILT worker script (dist/predictWorker.js): `npm test` builds first.
const built = existsSync(new URL('../dist/predictWorker.js', import.meta.url));

describe.skipIf(!built)('createPredictPool (2 worker threads, wasm) — needs dist/: run the build first', () => {
  let model: TransformerPayne;
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = createTransformerPayne({ preset: 'small', labels: LABELS, wavelengthRange: WAVELENGTH_RANGE, seed: 3 });
    dir = join(mkdtempSync(join(tmpdir(), 'tp-pool-')), 'bundle');
    await saveEmulator(dir, model);
  });
  afterAll(() => {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the flux of predict [B, M] row-major, whatever the slicing; rejects bad input; terminates', async () => {
    const labels = [
      [5000, 4.5, -0.5],
      [4210, 4.02, 0.7],
      [5890, 4.93, -1.8],
    ];
    const w = grid(157);
    const expected = tf.tidy(() => model.predict(tf.tensor2d(labels), w).dataSync());
    const pool = await createPredictPool({ workers: 2, bundleDir: dir });
    try {
      for (const flux of [await pool.predict(labels, w), await pool.predict(tf.tensor2d(labels) as tf.Tensor2D, w)]) {
        expect(flux.length).toBe(3 * 157);
        for (let i = 0; i < flux.length; i++) expect(Math.abs(flux[i]! - expected[i]!)).toBeLessThan(1e-5);
      }
      const one = await pool.predict([labels[1]!], w); // one spectrum (slices of ≥ 256 λ: one item here)
      for (let i = 0; i < 157; i++) expect(Math.abs(one[i]! - expected[157 + i]!)).toBeLessThan(1e-5);
      await expect(pool.predict([[9000, 4.5, 0]], w)).rejects.toThrow(/Teff/);
    } finally {
      await pool.terminate();
    }
    await expect(pool.predict(labels, w)).rejects.toThrow(/terminated/);
    // explicit wavelength slices: each spectrum split over both workers, reassembled in order
    const sliced = await createPredictPool({ workers: 2, bundleDir: dir, sliceWavelengths: 40 });
    try {
      const flux = await sliced.predict(labels, w);
      for (let i = 0; i < flux.length; i++) expect(Math.abs(flux[i]! - expected[i]!)).toBeLessThan(1e-5);
    } finally {
      await sliced.terminate();
    }
  }, 60_000);

  it('needs exactly one of bundleDir / bundle', async () => {
    await expect(createPredictPool({})).rejects.toThrow(/exactly one/);
  });
});
