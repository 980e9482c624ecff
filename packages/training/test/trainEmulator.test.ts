import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadEmulator } from '@astroemu/emulator-core';
import { evaluateEmulator } from '../src/evaluateEmulator';
import { readCheckpoint } from '../src/checkpoint';
import { trainEmulator } from '../src/trainEmulator';
import { createTiny } from './helpers/tinyEmulator';
import { TOY_LABELS, toyGrid, toyWavelength } from './helpers/toyGrid';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'astroemu-training-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('trainEmulator', () => {
  test('memory is constant across steps: numTensors after step 10 equals after step 100', async () => {
    const em = createTiny({ labels: TOY_LABELS, wavelength: toyWavelength(), hidden: 8 });
    const counts = new Map<number, number>();
    await trainEmulator(em, {
      train: toyGrid(50, 1),
      validation: toyGrid(10, 2),
      steps: 100,
      batchSize: 8,
      clipNorm: 1,
      validateEvery: 7,
      checkpointDir: tmp(),
      checkpointEvery: 30,
      onProgress: (e) => void (e.type === 'step' && counts.set(e.step, tf.memory().numTensors)),
    });
    expect(counts.get(10)).toBe(counts.get(100));
    em.dispose();
  });

  test('keeps the best weights per metric and exports them as bundles that reproduce the best value', async () => {
    const dir = tmp();
    const em = createTiny({ labels: TOY_LABELS, wavelength: toyWavelength(), hidden: 8, seed: 3 });
    const validation = toyGrid(12, 2);
    const r = await trainEmulator(em, {
      train: toyGrid(60, 1),
      validation,
      steps: 60,
      batchSize: 8,
      learningRate: 1e-2,
      validateEvery: 10,
      checkpointDir: dir,
    });
    expect(readdirSync(dir).sort()).toEqual(['best-mae', 'best-maqe95', 'best-mse', 'checkpoint.safetensors']);
    for (const metric of ['mse', 'mae', 'maqe95'] as const) {
      const best = await loadEmulator(join(dir, `best-${metric}`));
      const v = await evaluateEmulator(best, validation);
      expect(v[metric]).toBeCloseTo(r.best[metric]!.value, 6);
      best.dispose();
    }
    expect(r.best.mae!.value).toBeLessThanOrEqual(r.lastValidation!.mae);
    em.dispose();
  });

  test("wavelength-conditioned emulators train on K fresh grid pixels per step ('pixels', the default), shared by the batch", async () => {
    const em = createTiny({
      labels: TOY_LABELS,
      wavelength: { min: 5000, max: 5023 },
      hidden: 16,
      features: 10,
      seed: 2,
    });
    const grid = toyWavelength();
    const seen: number[][] = [];
    const predict = em.predict.bind(em);
    (em as { predict: typeof em.predict }).predict = (labels, wavelength) => {
      if (wavelength instanceof Float64Array && wavelength.length !== grid.length) seen.push(Array.from(wavelength));
      return predict(labels, wavelength);
    };
    const validation = toyGrid(16, 2);
    const before = await evaluateEmulator(em, validation);
    const r = await trainEmulator(em, {
      train: toyGrid(60, 1),
      validation,
      steps: 150,
      batchSize: 8,
      wavelengthsPerSpectrum: 12,
      learningRate: 1e-2,
      validateEvery: 50,
    });
    expect(seen).toHaveLength(150);
    expect(seen[0]).toHaveLength(12);
    expect(seen[0]).not.toEqual(seen[1]);
    const pixels = new Set(grid);
    for (const w of seen.slice(0, 3)) expect(w.every((x, i) => pixels.has(x) && (i === 0 || x > w[i - 1]!))).toBe(true);
    expect(r.best.mse!.value).toBeLessThan(0.5 * before.mse);
    em.dispose();
  });

  test("'uniform' sampling: K fresh wavelengths per step inside the grid's range, flux interpolated", async () => {
    const em = createTiny({
      labels: TOY_LABELS,
      wavelength: { min: 5000, max: 5023 },
      hidden: 16,
      features: 10,
      seed: 2,
    });
    const seen: number[][] = [];
    const predict = em.predict.bind(em);
    (em as { predict: typeof em.predict }).predict = (labels, wavelength) => {
      if (wavelength instanceof Float64Array && wavelength.length === 32) seen.push(Array.from(wavelength));
      return predict(labels, wavelength);
    };
    const validation = toyGrid(16, 2);
    const before = await evaluateEmulator(em, validation);
    const r = await trainEmulator(em, {
      train: toyGrid(60, 1),
      validation,
      steps: 150,
      batchSize: 8,
      wavelengthsPerSpectrum: 32,
      wavelengthSampling: 'uniform',
      learningRate: 1e-2,
      validateEvery: 50,
    });
    expect(seen).toHaveLength(150);
    expect(seen[0]).not.toEqual(seen[1]);
    for (const w of seen.slice(0, 3)) {
      expect(w.every((x, i) => x >= 5000 && x <= 5023 && (i === 0 || x >= w[i - 1]!))).toBe(true);
    }
    expect(r.best.mse!.value).toBeLessThan(0.5 * before.mse);
    em.dispose();
  });

  test('stops on an aborted signal after writing a checkpoint; rejects a mismatched resume', async () => {
    const dir = tmp();
    const em = createTiny({ labels: TOY_LABELS, wavelength: toyWavelength(), hidden: 4 });
    const ctrl = new AbortController();
    const r = await trainEmulator(em, {
      train: toyGrid(20, 1),
      steps: 50,
      batchSize: 4,
      checkpointDir: dir,
      signal: ctrl.signal,
      onProgress: (e) => void (e.type === 'step' && e.step === 7 && ctrl.abort()),
    });
    expect(r).toMatchObject({ step: 7, stopped: true });
    expect((await readCheckpoint(dir))!.step).toBe(7);
    await expect(
      trainEmulator(em, { train: toyGrid(20, 1), steps: 50, batchSize: 8, checkpointDir: dir, resume: true }),
    ).rejects.toThrow(
      /trainEmulator: cannot resume from '.*checkpoint.safetensors': setting 'batchSize' was 4 in that run; got 8/,
    );
    em.dispose();
  });

  test('option and data errors name who, what, expected and got', async () => {
    const em = createTiny({ labels: TOY_LABELS, wavelength: toyWavelength(), hidden: 4 });
    await expect(trainEmulator(em, { train: toyGrid(5, 1), steps: 0 })).rejects.toThrow(
      /trainEmulator: option 'steps' must be a positive integer; got 0/,
    );
    await expect(
      trainEmulator(em, { train: toyGrid(5, 1), steps: 1, wavelengthSampling: 'random' as 'pixels' }),
    ).rejects.toThrow(/trainEmulator: option 'wavelengthSampling' must be 'pixels' or 'uniform'; got "random"/);
    await expect(trainEmulator(em, { train: toyGrid(5, 1, 10), steps: 1 })).rejects.toThrow(
      /predicts 24 fixed pixels but the training data have 10/,
    );
    const other = createTiny({
      labels: [{ name: 'Teff', min: 4000, max: 6000 }],
      wavelength: toyWavelength(),
      hidden: 4,
    });
    await expect(trainEmulator(other, { train: toyGrid(5, 1), steps: 1 })).rejects.toThrow(
      /the data have no label column 'Teff' that the emulator needs; columns: a, b, c/,
    );
    em.dispose();
    other.dispose();
  });
});
