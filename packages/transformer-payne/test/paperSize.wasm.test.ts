import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_BUDGET_BYTES, createTransformerPayne, type TransformerPayne } from '../src/index';
import { LABELS, WAVELENGTH_RANGE, grid } from './helpers';

// Paper size (17 M parameters) on wasm. The full 22 315-λ × 4 prediction takes ~90 s on one free core, so by default
// this runs 5 000 λ × 2 spectra: two chunks per spectrum under the default budget (spectra run one at a time; the chunk
// plan for 22 315 λ is checked in predict.test.ts; exactness of chunking on the small preset). ASTROEMU_PAPER_SIZE=1
// runs the full grid as well.
const FULL = process.env.ASTROEMU_PAPER_SIZE === '1';

describe('paper-size TransformerPayne on wasm, default memory budget', () => {
  let model: TransformerPayne;
  let labels: tf.Tensor2D;
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    model = createTransformerPayne({ preset: 'paper', labels: LABELS, wavelengthRange: WAVELENGTH_RANGE, seed: 1 });
    labels = tf.tensor2d([
      [5000, 4.5, -0.5],
      [4210, 4.02, 0.7],
      [5890, 4.93, -1.8],
      [4500, 4.7, 0.0],
    ]);
  }, 300_000);
  afterAll(() => {
    labels.dispose();
    model.dispose();
  });

  it('2 spectra × 5 000 λ: [2, M], finite, several chunks, peak tensor memory within the budget, no leak', async () => {
    const w = grid(5000);
    const two = labels.slice([0, 0], [2, 3]);
    const plan = model.planChunks(2, w.length);
    expect(plan.chunks.length).toBe(2);
    const start = tf.memory();
    const profile = await tf.profile(() => {
      const flux = model.predict(two, w);
      expect(flux.shape).toEqual([2, 5000]);
      expect(Array.from(flux.dataSync()).every(Number.isFinite)).toBe(true);
      flux.dispose();
    });
    expect(profile.peakBytes - start.numBytes).toBeLessThanOrEqual(DEFAULT_MEMORY_BUDGET_BYTES);
    expect(profile.peakBytes - start.numBytes).toBeGreaterThan(plan.estimatedPeakBytes / 4); // the estimate is not vacuous
    expect(tf.memory().numTensors).toBe(start.numTensors);
    two.dispose();
  }, 600_000);

  it.skipIf(!FULL)(
    '4 spectra × 22 315 λ (the paper grid) with the default budget, no leak',
    () => {
      const w = Float64Array.from({ length: 22_315 }, (_, i) => 4000 * Math.pow(5000 / 4000, i / 22_314));
      const before = tf.memory().numTensors;
      const flux = model.predict(labels, w);
      expect(flux.shape).toEqual([4, 22_315]);
      expect(Array.from(flux.dataSync()).every(Number.isFinite)).toBe(true);
      flux.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
    1_800_000,
  );
});
