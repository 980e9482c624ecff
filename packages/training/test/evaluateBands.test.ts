import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { evaluateEmulator } from '../src/evaluateEmulator';
import { createTiny } from './helpers/tinyEmulator';
import { TOY_LABELS, toyGrid } from './helpers/toyGrid';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('evaluateEmulator({ bands: true }) returns per-pixel residual percentiles equal to a direct computation', async () => {
  const em = createTiny({
    labels: TOY_LABELS,
    wavelength: { min: 5000, max: 5023 },
    hidden: 16,
    features: 10,
    seed: 2,
  });
  const validation = toyGrid(21, 2);
  const plain = await evaluateEmulator(em, validation);
  expect(plain.bands).toBeUndefined();
  const v = await evaluateEmulator(em, validation, { bands: true, batchSize: 8 });
  expect(v.mse).toBeCloseTo(plain.mse, 12);
  // direct: residuals of every row, sorted per pixel; 21 rows → the median is the 11th value
  const rows = await validation.rows(Array.from({ length: 21 }, (_, i) => i));
  const x = tf.tensor2d(rows.labels, [21, TOY_LABELS.length]);
  const y = em.predict(x, validation.wavelength);
  const pred = y.dataSync();
  const M = validation.wavelength.length;
  for (const j of [0, 7, M - 1]) {
    const col = Array.from({ length: 21 }, (_, i) => Math.fround(pred[i * M + j]! - rows.flux[i * M + j]!)).sort(
      (a, b) => a - b,
    );
    expect(v.bands!.values[2]![j]).toBeCloseTo(col[10]!, 6);
    expect(v.bands!.percentiles).toEqual([2.5, 16, 50, 84, 97.5]);
  }
  x.dispose();
  y.dispose();
  em.dispose();
});
