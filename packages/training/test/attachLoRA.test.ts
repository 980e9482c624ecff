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

test('LoRA: only adapter weights change; the adapter form and the merged weights equal W + (α/r)·A·B computed in float64', async () => {
  const em = createTiny({ labels: TOY_LABELS, wavelength: toyWavelength(), hidden: 8, seed: 6 });
  const base = new Map(em.parameters.entries().map(([n, v]) => [n, Array.from(v.dataSync())]));
  const x = tf.tensor2d([
    [0.2, -0.5, 4300],
    [0.9, 0.4, 5500],
    [0.5, 0, 5000],
  ]);
  const y0 = em.predict(x);
  const lora = attachLoRA(em, { rank: 2, alpha: 4, seed: 1 });
  expect(em.parameters.adapted()).toEqual(['input/kernel', 'hidden/0/kernel', 'head/kernel']);
  expect(lora.targets).toEqual(['input/kernel', 'hidden/0/kernel', 'head/kernel']);
  expect(lora.entries().map(([n, v]) => `${n}:${v.shape}`)).toEqual([
    'lora/input/kernel/a:3,2',
    'lora/input/kernel/b:2,8',
    'lora/hidden/0/kernel/a:8,2',
    'lora/hidden/0/kernel/b:2,8',
    'lora/head/kernel/a:8,2',
    'lora/head/kernel/b:2,24',
  ]);
  const yAttached = em.predict(x);
  expect(Array.from(yAttached.dataSync())).toEqual(Array.from(y0.dataSync())); // B = 0 at step 0

  const validation = toyGrid(10, 2);
  const before = await trainEmulator(em, {
    train: toyGrid(40, 1),
    validation,
    steps: 1,
    batchSize: 8,
    learningRate: 0,
    lora,
  });
  const r = await trainEmulator(em, {
    train: toyGrid(40, 1),
    validation,
    steps: 60,
    batchSize: 8,
    learningRate: 1e-2,
    lora,
    muP: { width: 8, baseWidth: 8 },
  });
  expect(r.lastValidation!.mse).toBeLessThan(before.lastValidation!.mse);
  for (const [n, v] of em.parameters.entries()) expect(Array.from(v.dataSync()), n).toEqual(base.get(n));
  const bNorm = tf.tidy(() => tf.norm(lora.entries()[1]![1]).dataSync()[0]!);
  expect(bNorm).toBeGreaterThan(1e-3);

  const yAdapter = em.predict(x);
  // independently, in float64 from the stored numbers: W' = W + (α/r)·A·B (Hu et al. 2021), then the tiny MLP
  // flux = 1 + tanh(tanh(x·W_in + b_in)·W_h + b_h)·W_head + b_head at the scaled labels
  const adapters = new Map(lora.entries().map(([n, v]) => [n, { values: Array.from(v.dataSync()), shape: v.shape }]));
  const effective = new Map<string, number[]>();
  for (const [name, values] of base) {
    const a = adapters.get(`lora/${name}/a`);
    const b = adapters.get(`lora/${name}/b`);
    if (!a || !b) {
      effective.set(name, values);
      continue;
    }
    const [nIn, r] = a.shape as [number, number];
    const nOut = b.shape[1]!;
    effective.set(
      name,
      values.map((w, k) => {
        const i = Math.floor(k / nOut);
        const o = k % nOut;
        let ab = 0;
        for (let j = 0; j < r; j++) ab += a.values[i * r + j]! * b.values[j * nOut + o]!;
        return w + (4 / 2) * ab; // α = 4, r = 2
      }),
    );
    expect(nIn * nOut).toBe(values.length);
  }
  const rows = x.arraySync();
  const want = rows.flatMap((row) =>
    tinyForward64(
      effective,
      row.map((v, j) => (v - TOY_LABELS[j]!.min) / (TOY_LABELS[j]!.max - TOY_LABELS[j]!.min) - 0.5),
    ),
  );
  const gotAdapter = yAdapter.dataSync();
  want.forEach((w, k) => expect(Math.abs(gotAdapter[k]! - w), `flux ${k}`).toBeLessThan(1e-5));
  expect(Math.max(...want.map((w, k) => Math.abs(w - y0.dataSync()[k]!)))).toBeGreaterThan(1e-3); // training moved it

  lora.merge();
  expect(em.parameters.adapted()).toEqual([]);
  for (const name of lora.targets) {
    const merged = em.parameters.get(name).dataSync();
    effective.get(name)!.forEach((w, k) => expect(Math.abs(merged[k]! - w), `${name}[${k}]`).toBeLessThan(1e-6));
  }
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
  expect(() => attachLoRA(em, { rank: 1, targets: () => false })).toThrow(
    /attachLoRA: no parameter matched 'targets'; the model has 6 parameters/,
  );
  expect(() => attachLoRA({ entries: () => [] } as never, { rank: 1 })).toThrow(
    /must provide entries\(\) and setAdapter\(name, fn\)/,
  );
  em.dispose();
});

/** The tiny test MLP (helpers/tinyEmulator, grid mode) in float64 from plain weight arrays (kernels [in, out]). */
function tinyForward64(w: Map<string, number[]>, x: number[]): number[] {
  const layer = (h: number[], name: string, act: (z: number) => number): number[] => {
    const b = w.get(`${name}/bias`)!;
    const W = w.get(`${name}/kernel`)!;
    return b.map((bias, o) => act(h.reduce((s, hi, i) => s + hi * W[i * b.length + o]!, bias)));
  };
  const h = layer(layer(x, 'input', Math.tanh), 'hidden/0', Math.tanh);
  return layer(h, 'head', (z) => 1 + z);
}
