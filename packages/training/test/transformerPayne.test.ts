/**
 * Integration with the real TransformerPayne (tiny architecture, cpu backend): the wavelength-conditioned
 * path, constant memory, LoRA through Parameters.setAdapter, and extendInputLabels through the registry.
 * (The accuracy acceptance uses the Payne-like MLP: a tiny TransformerPayne needs far more steps than
 * the < 60 s test budget allows on the cpu backend.)
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { createTransformerPayne } from '@astroemu/transformer-payne';
import { attachLoRA } from '../src/attachLoRA';
import { evaluateEmulator } from '../src/evaluateEmulator';
import { extendInputLabels } from '../src/extendInputLabels';
import { trainEmulator } from '../src/trainEmulator';
import { TOY_LABELS, toyGrid } from './helpers/toyGrid';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny = (labels = TOY_LABELS) =>
  createTransformerPayne({
    labels,
    wavelengthRange: { min: 5000, max: 5023 },
    architecture: { dim: 8, blocks: 1, heads: 2, tokens: 2, ffDim: 16, labelHiddenDim: 16, headDim: 8 },
    seed: 1,
  });

test('TransformerPayne: trains on K shared wavelengths per step with constant memory; validation improves', async () => {
  const em = tiny();
  const validation = toyGrid(8, 2);
  const before = await evaluateEmulator(em, validation);
  const counts = new Map<number, number>();
  const r = await trainEmulator(em, {
    train: toyGrid(40, 1),
    validation,
    steps: 40,
    batchSize: 4,
    wavelengthsPerSpectrum: 16,
    learningRate: 1e-2,
    validateEvery: 20,
    muP: { width: 8, baseWidth: 8 },
    onProgress: (e) => void (e.type === 'step' && counts.set(e.step, tf.memory().numTensors)),
  });
  expect(counts.get(10)).toBe(counts.get(40));
  expect(r.best.mse!.value).toBeLessThan(0.5 * before.mse);
  em.dispose();
});

test('TransformerPayne: LoRA leaves the base frozen and merges exactly; the input layer grows by a zero row', async () => {
  const em = tiny();
  const base = new Map(em.parameters.entries().map(([n, v]) => [n, Array.from(v.dataSync())]));
  const lora = attachLoRA(em, { rank: 2, seed: 3 });
  expect(lora.targets).toContain('blocks/0/attention/query/kernel');
  await trainEmulator(em, {
    train: toyGrid(20, 1),
    steps: 10,
    batchSize: 4,
    wavelengthsPerSpectrum: 8,
    learningRate: 1e-2,
    lora,
  });
  for (const [n, v] of em.parameters.entries()) expect(Array.from(v.dataSync()), n).toEqual(base.get(n));
  const x = tf.tensor2d([[0.3, 0.2, 4500]]);
  const wl = Float64Array.from([5001, 5010.5, 5022]);
  const yAdapter = em.predict(x, wl);
  lora.merge();
  const yMerged = em.predict(x, wl);
  expect(tf.max(tf.abs(tf.sub(yAdapter, yMerged))).dataSync()[0]).toBeLessThan(1e-5);

  const [a, b, c] = TOY_LABELS as [(typeof TOY_LABELS)[0], (typeof TOY_LABELS)[0], (typeof TOY_LABELS)[0]];
  const small = tiny([a, b]);
  const grown = extendInputLabels(small, [c]);
  const y0 = small.predict(tf.tensor2d([[0.3, 0.2]]), wl);
  const y1 = grown.predict(x, wl);
  expect(tf.max(tf.abs(tf.sub(y0, y1))).dataSync()[0]).toBeLessThan(1e-5);
  tf.dispose([x, yAdapter, yMerged, y0, y1]);
  [em, small, grown].forEach((e) => e.dispose());
});
