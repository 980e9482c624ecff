import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadEmulator, saveEmulator } from '@astroemu/emulator-core';
import { extendInputLabels } from '../src/extendInputLabels';
import { trainEmulator } from '../src/trainEmulator';
import { createTiny } from './helpers/tinyEmulator';
import { TOY_LABELS, toyGrid, toyWavelength } from './helpers/toyGrid';

const dir = mkdtempSync(join(tmpdir(), 'astroemu-finetune-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [A, B, C] = TOY_LABELS as [(typeof TOY_LABELS)[0], (typeof TOY_LABELS)[0], (typeof TOY_LABELS)[0]];

test('fine-tuning: input layer grows from L0 = 2 to L = 3 labels via a bundle; zero rows keep the old outputs at step 0', async () => {
  const pre = createTiny({ labels: [B, C], wavelength: toyWavelength(), hidden: 8, seed: 4 });
  await trainEmulator(pre, { train: toyGrid(40, 1), steps: 20, batchSize: 8, learningRate: 1e-2 });
  await saveEmulator(join(dir, 'pre'), pre);
  const loaded = await loadEmulator(join(dir, 'pre'));
  const fine = extendInputLabels(loaded, [A]);
  expect(fine.labels.map((l) => l.name)).toEqual(['b', 'c', 'a']);
  expect(fine.weights().get('input/kernel')!.shape).toEqual([3, 8]);
  const old = tf.tensor2d([
    [-0.3, 4500],
    [0.8, 5900],
  ]);
  const extended = tf.tensor2d([
    [-0.3, 4500, 0.9],
    [0.8, 5900, 0.1],
  ]);
  const y0 = pre.predict(old);
  const y1 = fine.predict(extended);
  const d = tf.max(tf.abs(tf.sub(y0, y1))).dataSync()[0]!;
  expect(d).toBeLessThan(1e-6);

  // All weights trainable, same schedule; the new row learns the new label's effect.
  const before = await trainEmulator(fine, {
    train: toyGrid(40, 1),
    validation: toyGrid(10, 2),
    steps: 1,
    batchSize: 8,
    learningRate: 0,
  });
  const r = await trainEmulator(fine, {
    train: toyGrid(40, 1),
    validation: toyGrid(10, 2),
    steps: 60,
    batchSize: 8,
    learningRate: 1e-2,
  });
  const newRow = fine.weights().get('input/kernel')!.slice([2, 0], [1, 8]);
  expect(tf.max(tf.abs(newRow)).dataSync()[0]).toBeGreaterThan(1e-3);
  expect(r.best.mse!.value).toBeLessThan(before.best.mse!.value);
  tf.dispose([old, extended, y0, y1, newRow]);
  [pre, loaded, fine].forEach((e) => e.dispose());
});

test("'normal' init draws small rows; clashes and a missing input layer are errors", () => {
  const pre = createTiny({ labels: [B, C], wavelength: toyWavelength(), hidden: 8 });
  const fine = extendInputLabels(pre, [A], { init: 'normal', std: 0.01, seed: 1 });
  const row = fine.weights().get('input/kernel')!.slice([2, 0], [1, 8]);
  const s = tf.moments(row).variance.sqrt().dataSync()[0]!;
  expect(s).toBeGreaterThan(0.002);
  expect(s).toBeLessThan(0.05);
  expect(() => extendInputLabels(pre, [B])).toThrow(
    /extendInputLabels: label 'b' is already one of the emulator's 2 labels/,
  );
  const weights = new Map(pre.weights());
  weights.delete('input/kernel');
  expect(() => extendInputLabels({ config: pre.config(), weights }, [A])).toThrow(
    /has no weight 'input\/kernel' \(the \[L, H\] input layer\)/,
  );
  row.dispose();
  pre.dispose();
  fine.dispose();
});
