import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadEmulator, saveEmulator } from '@astroemu/emulator-core';
import { attachLoRA } from '../src/attachLoRA';
import { trainEmulator } from '../src/trainEmulator';
import { createTiny } from './helpers/tinyEmulator';
import { TOY_LABELS, toyGrid, toyWavelength } from './helpers/toyGrid';

const dir = mkdtempSync(join(tmpdir(), 'astroemu-lora-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('LoRA: only adapter weights change; the merged export predicts the same as the adapter form', async () => {
  const em = createTiny({ labels: TOY_LABELS, wavelength: toyWavelength(), hidden: 8, seed: 6 });
  const base = new Map(em.parameters.entries().map(([n, v]) => [n, Array.from(v.dataSync())]));
  const x = tf.tensor2d([[0.2, -0.5, 4300], [0.9, 0.4, 5500], [0.5, 0, 5000]]);
  const y0 = em.predict(x);
  const lora = attachLoRA(em, { rank: 2, alpha: 4, seed: 1 });
  expect(em.parameters.adapted()).toEqual(['input/kernel', 'hidden/0/kernel', 'head/kernel']);
  expect(lora.targets).toEqual(['input/kernel', 'hidden/0/kernel', 'head/kernel']);
  expect(lora.entries().map(([n, v]) => `${n}:${v.shape}`)).toEqual([
    'lora/input/kernel/a:3,2', 'lora/input/kernel/b:2,8', 'lora/hidden/0/kernel/a:8,2', 'lora/hidden/0/kernel/b:2,8',
    'lora/head/kernel/a:8,2', 'lora/head/kernel/b:2,24',
  ]);
  const yAttached = em.predict(x);
  expect(Array.from(yAttached.dataSync())).toEqual(Array.from(y0.dataSync())); // B = 0 at step 0

  const validation = toyGrid(10, 2);
  const before = await trainEmulator(em, { train: toyGrid(40, 1), validation, steps: 1, batchSize: 8, learningRate: 0, lora });
  const r = await trainEmulator(em, { train: toyGrid(40, 1), validation, steps: 60, batchSize: 8, learningRate: 1e-2, lora, muP: { width: 8, baseWidth: 8 } });
  expect(r.lastValidation!.mse).toBeLessThan(before.lastValidation!.mse);
  for (const [n, v] of em.parameters.entries()) expect(Array.from(v.dataSync()), n).toEqual(base.get(n));
  const bNorm = tf.tidy(() => tf.norm(lora.entries()[1]![1]).dataSync()[0]!);
  expect(bNorm).toBeGreaterThan(1e-3);

  const yAdapter = em.predict(x);
  lora.merge();
  expect(em.parameters.adapted()).toEqual([]);
  const yMerged = em.predict(x);
  const d = tf.max(tf.abs(tf.sub(yAdapter, yMerged))).dataSync()[0]!;
  expect(d).toBeLessThan(1e-5);
  await saveEmulator(join(dir, 'merged'), em);
  const loaded = await loadEmulator(join(dir, 'merged'));
  const yLoaded = loaded.predict(x);
  expect(Array.from(yLoaded.dataSync())).toEqual(Array.from(yMerged.dataSync()));
  expect(() => lora.entries()).toThrow(/LoRAAdapters.entries: the adapters were merged or disposed/);
  tf.dispose([x, y0, yAttached, yAdapter, yMerged, yLoaded]);
  em.dispose();
  loaded.dispose();
});

test('LoRA needs a store with setAdapter, a positive rank and at least one target', () => {
  const em = createTiny({ labels: TOY_LABELS, wavelength: toyWavelength(), hidden: 4 });
  expect(() => attachLoRA(em, { rank: 0 })).toThrow(/attachLoRA: option 'rank' must be a positive integer; got 0/);
  expect(() => attachLoRA(em, { rank: 1, targets: () => false })).toThrow(/attachLoRA: no parameter matched 'targets'; the model has 6 parameters/);
  expect(() => attachLoRA({ entries: () => [] } as never, { rank: 1 })).toThrow(/must provide entries\(\) and setAdapter\(name, fn\)/);
  em.dispose();
});
