/**
 * Issue 17: the flat AdamW (FlatAdamW) against numpy's and the per-variable AdamW, micro-batch accumulation and
 * data-parallel workers against one whole-batch step, and constant tensor memory of createTrainStep.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTransformerPayne } from '@astroemu/transformer-payne';
import { AdamW } from '../src/AdamW';
import { clipByGlobalNorm } from '../src/clipByGlobalNorm';
import { createParallelTrainStep } from '../src/createParallelTrainStep';
import { createTrainStep } from '../src/createTrainStep';
import { decayMatricesOnly, FlatAdamW, flatLayout } from '../src/FlatAdamW';
import { trainEmulator } from '../src/trainEmulator';
import { fixtures, maxRelErr } from './helpers/fixtures';
import { TOY_LABELS, toyGrid } from './helpers/toyGrid';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const F = fixtures.optimizer;

describe('FlatAdamW', () => {
  for (const name of ['adamw', 'adamwClipped']) {
    test(`${name}: 5 steps over one flat buffer match numpy (decay of every parameter, lr multipliers)`, () => {
      const c = F.cases[name];
      const names = ['w', 'b'];
      const layout = flatLayout(names.map((n, i) => [n, { shape: F.shapes[i] }] as const));
      const opt = new FlatAdamW(layout, {
        beta1: F.beta1,
        beta2: F.beta2,
        epsilon: F.epsilon,
        weightDecay: c.weightDecay,
        multipliers: new Map(names.map((n, i) => [n, F.multipliers[i]])),
        decay: () => true,
      });
      const params = new Float32Array(layout.total);
      names.forEach((_, i) => params.set(F.params[i].flat(Infinity), layout.offsets[i]));
      for (let t = 0; t < 5; t++) {
        let grads: Float32Array[] = names.map((_, i) => Float32Array.from(F.grads[t][i].flat(Infinity)));
        if (c.maxNorm) {
          const clipped = clipByGlobalNorm(
            names.map((_, i) => tf.tensor(grads[i]!, F.shapes[i])),
            c.maxNorm,
          );
          grads = clipped.grads.map((g) => g.dataSync() as Float32Array);
        }
        const flat = new Float32Array(layout.total);
        grads.forEach((g, i) => flat.set(g, layout.offsets[i]));
        opt.apply(params, flat, F.learningRates[t]);
        names.forEach((_, i) => {
          const o = layout.offsets[i]!;
          expect(maxRelErr(params.subarray(o, o + layout.sizes[i]!), c.weights[t][i])).toBeLessThan(2e-5);
        });
      }
      const state = opt.getState();
      names.forEach((n, i) => {
        expect(maxRelErr(state.m.get(n)!, c.m[i])).toBeLessThan(2e-5);
        expect(maxRelErr(state.v.get(n)!, c.v[i])).toBeLessThan(2e-5);
      });
    });
  }

  test('default decay: weight matrices only (not biases, not LayerNorm scales) — equals AdamW with that mask', () => {
    const shapes = [[3, 4], [4], [4]];
    const names = ['dense/kernel', 'dense/bias', 'norm/scale'];
    const layout = flatLayout(names.map((n, i) => [n, { shape: shapes[i]! }] as const));
    const flat = new FlatAdamW(layout, { weightDecay: 0.3 });
    expect(flat.decayed()).toEqual(['dense/kernel']);
    const init = Float32Array.from({ length: layout.total }, (_, i) => Math.sin(i + 1));
    const vars = names.map(
      (n, i) =>
        [
          n,
          tf.variable(tf.tensor(init.slice(layout.offsets[i], layout.offsets[i]! + layout.sizes[i]!), shapes[i])),
        ] as [string, tf.Variable],
    );
    const ref = new AdamW(vars, { weightDecay: 0.3, decay: (n) => decayMatricesOnly(n, shapes[names.indexOf(n)]!) });
    const params = init.slice();
    for (let t = 0; t < 4; t++) {
      const g = Float32Array.from({ length: layout.total }, (_, i) => Math.cos(3 * i + t));
      flat.apply(params, g, 0.05);
      ref.apply(
        new Map(
          names.map((n, i) => [
            n,
            tf.tensor(g.slice(layout.offsets[i], layout.offsets[i]! + layout.sizes[i]!), shapes[i]),
          ]),
        ),
        0.05,
      );
    }
    // float64 per element here, float32 tensor ops there
    vars.forEach(([, v], i) =>
      expect(
        maxRelErr(params.subarray(layout.offsets[i], layout.offsets[i]! + layout.sizes[i]!), Array.from(v.dataSync())),
      ).toBeLessThan(5e-5),
    );
    ref.dispose();
    vars.forEach(([, v]) => v.dispose());
  });
});

const tinyTP = () =>
  createTransformerPayne({
    labels: TOY_LABELS,
    wavelengthRange: { min: 5000, max: 5023 },
    architecture: { dim: 8, blocks: 2, heads: 2, tokens: 2, ffDim: 16, labelHiddenDim: 16, headDim: 8 },
    seed: 1,
  });

describe('createTrainStep', () => {
  test('micro-batches of 2 give the whole batch of 6 its gradient and update; constant tensor memory', async () => {
    const grid = toyGrid(6, 5);
    const rows = await grid.rows([0, 1, 2, 3, 4, 5]);
    const wl = grid.wavelength;
    const a = tinyTP();
    const b = tinyTP();
    const sa = createTrainStep(a, { wavelength: wl });
    const sb = createTrainStep(b, { wavelength: wl, microBatch: 2 });
    const ga = sa.gradient(rows.labels, rows.flux, 6, wl);
    const gb = sb.gradient(rows.labels, rows.flux, 6, wl);
    expect(Math.abs(ga.loss - gb.loss) / ga.loss).toBeLessThan(1e-5);
    const scale = Math.max(...Array.from(ga.grad, Math.abs));
    let diff = 0;
    for (let i = 0; i < ga.grad.length; i++) diff = Math.max(diff, Math.abs(ga.grad[i]! - gb.grad[i]!));
    expect(diff / scale).toBeLessThan(1e-4);
    sa.run(rows.labels, rows.flux, 6, 1e-3, wl);
    const before = tf.memory().numTensors;
    for (let s = 0; s < 3; s++) sb.run(rows.labels, rows.flux, 6, 1e-3, wl);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
    b.dispose();
  });

  test('data-parallel (main thread + 1 worker) equals one thread: trainEmulator, same seed, 4 steps', async () => {
    const train = toyGrid(24, 3);
    const run = async (workers: number) => {
      const em = tinyTP();
      await trainEmulator(em, {
        train,
        steps: 4,
        batchSize: 5,
        wavelengthsPerSpectrum: 9,
        learningRate: 3e-3,
        seed: 7,
        workers,
      });
      const w = createTrainStep(em).readParameters();
      em.dispose();
      return w;
    };
    const one = await run(1);
    const two = await run(2);
    const init = createTrainStep(tinyTP()).readParameters();
    // Adam's first updates are ≈ lr·sign(g): a gradient component near 0 may flip sign under reassociation, so compare
    // the RMS of the difference with the RMS of the change (a wrong shard weighting or data split gives ≈ 1)
    let diff = 0;
    let moved = 0;
    for (let i = 0; i < one.length; i++) {
      diff += (one[i]! - two[i]!) ** 2;
      moved += (one[i]! - init[i]!) ** 2;
    }
    expect(Math.sqrt(moved / one.length)).toBeGreaterThan(1e-4); // the runs did train
    expect(Math.sqrt(diff / moved)).toBeLessThan(1e-2);
  }, 120_000);

  test.each([2, 3])(
    "createParallelTrainStep (%i threads): the workers' mirrored AdamW keeps their parameters equal to the main thread's, bit for bit",
    async (threads) => {
      const grid = toyGrid(6, 5);
      const rows = await grid.rows([0, 1, 2, 3, 4, 5]);
      const wl = grid.wavelength;
      const em = tinyTP();
      const names = createTrainStep(em).layout.names;
      // clipping, weight decay on matrices only and a per-parameter multiplier: all must be mirrored exactly
      const multipliers = new Map([[names[0]!, 0.5]]);
      const par = await createParallelTrainStep(em, {
        workers: threads,
        wavelength: wl,
        clipNorm: 0.05,
        weightDecay: 0.1,
        multipliers,
      });
      try {
        const start = par.local.readParameters();
        for (let s = 0; s < 3; s++) await par.run(rows.labels, rows.flux, 6, 1e-2, wl);
        const main = par.local.readParameters();
        const workers = await par.workerParameters();
        expect(workers.length).toBe(threads - 1);
        expect(main).not.toEqual(start); // trained
        for (const w of workers) expect(w).toEqual(main);
        // an update made outside run() (and so not on the worker): the next run() re-sends the state first
        const g = await par.gradient(rows.labels, rows.flux, 6, wl);
        par.local.update(g.grad, 1e-2);
        await par.run(rows.labels, rows.flux, 6, 1e-2, wl);
        for (const w of await par.workerParameters()) expect(w).toEqual(par.local.readParameters());
        expect(par.local.optimizer.step).toBe(5);
      } finally {
        await par.terminate();
        em.dispose();
      }
    },
    120_000,
  );

  test("createParallelTrainStep: the sharded gradient of 5 rows (3 + 2) equals the whole batch's", async () => {
    const grid = toyGrid(5, 4);
    const rows = await grid.rows([0, 1, 2, 3, 4]);
    const wl = grid.wavelength;
    const em = tinyTP();
    const par = await createParallelTrainStep(em, { workers: 2, wavelength: wl });
    try {
      const whole = createTrainStep(em).gradient(rows.labels, rows.flux, 5, wl);
      const split = await par.gradient(rows.labels, rows.flux, 5, wl);
      const scale = Math.max(...Array.from(whole.grad, Math.abs));
      let diff = 0;
      for (let i = 0; i < whole.grad.length; i++) diff = Math.max(diff, Math.abs(whole.grad[i]! - split.grad[i]!));
      expect(diff / scale).toBeLessThan(1e-4);
      expect(Math.abs(whole.loss - split.loss) / whole.loss).toBeLessThan(1e-5);
    } finally {
      await par.terminate();
      em.dispose();
    }
  }, 120_000);
});

describe('long runs: EMA and resume with more steps', () => {
  test('EMA of the parameters: β³·w₀ + (1 − β)(β²·w₁ + β·w₂ + w₃) after 3 updates', async () => {
    const grid = toyGrid(4, 6);
    const rows = await grid.rows([0, 1, 2, 3]);
    const em = tinyTP();
    const step = createTrainStep(em, { wavelength: grid.wavelength, emaDecay: 0.9 });
    const w = [step.readParameters()];
    for (let t = 0; t < 3; t++) {
      step.run(rows.labels, rows.flux, 4, 1e-2, grid.wavelength);
      w.push(step.readParameters());
    }
    const b = 0.9;
    let err = 0;
    for (let i = 0; i < w[0]!.length; i++) {
      const expected = b ** 3 * w[0]![i]! + (1 - b) * (b * b * w[1]![i]! + b * w[2]![i]! + w[3]![i]!);
      err = Math.max(err, Math.abs(step.ema![i]! - expected));
    }
    expect(err).toBeLessThan(1e-6);
    em.dispose();
  });

  test('a 6-step warm-up–stable–decay run resumed with steps 10 equals a straight 10-step run (the old decay start is past step 6)', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'astroemu-extend-'));
    const train = toyGrid(20, 9);
    const sched = (T: number) => ({
      kind: 'warmupStableDecay' as const,
      peak: 3e-3,
      totalSteps: T,
      warmupFraction: 0,
      decayFraction: 0.2,
    });
    try {
      const a = tinyTP();
      await trainEmulator(a, {
        train,
        steps: 6,
        batchSize: 4,
        wavelengthsPerSpectrum: 8,
        seed: 3,
        schedule: sched(6),
        checkpointDir: dir,
        ema: 0.9,
      });
      a.dispose();
      const b = tinyTP();
      const resumed = await trainEmulator(b, {
        train,
        steps: 10,
        batchSize: 4,
        wavelengthsPerSpectrum: 8,
        seed: 3,
        schedule: sched(10),
        checkpointDir: dir,
        resume: true,
        ema: 0.9,
      });
      expect(resumed.step).toBe(10);
      const c = tinyTP();
      await trainEmulator(c, {
        train,
        steps: 10,
        batchSize: 4,
        wavelengthsPerSpectrum: 8,
        seed: 3,
        schedule: sched(10),
        ema: 0.9,
      });
      const wb = createTrainStep(b).readParameters();
      const wc = createTrainStep(c).readParameters();
      let d = 0;
      for (let i = 0; i < wb.length; i++) d = Math.max(d, Math.abs(wb[i]! - wc[i]!));
      expect(d).toBeLessThan(1e-6);
      // a changed peak is still refused
      await expect(
        trainEmulator(tinyTP(), {
          train,
          steps: 12,
          batchSize: 4,
          wavelengthsPerSpectrum: 8,
          seed: 3,
          schedule: { ...sched(12), peak: 1e-3 },
          checkpointDir: dir,
          resume: true,
          ema: 0.9,
        }),
      ).rejects.toThrow(/cannot resume from .*: setting '(steps|schedule)' was/);
      b.dispose();
      c.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
