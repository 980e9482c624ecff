import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { PosteriorError, createLogPosterior, emulatorVariance, samplePosterior, writeSamplesArrow } from '../src/index';
import { analyticPosterior, gauss, lcg, linearModel } from './linearModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const u = lcg(2);
const M = 12;
const names = ['a', 'b'];
const A = Array.from({ length: M }, (_, j) => [1 + 0.2 * gauss(u), j / M]);
const c = new Array(M).fill(0.5);
const spectra = [0, 1, 2].map((b) => {
  const y = A.map((row, j) => c[j] + row[0]! * (0.2 * b) + row[1]! * (1 - 0.3 * b) + 0.05 * gauss(u));
  return { flux: y, ivar: y.map(() => 400) };
});
const model = linearModel(A, c, names);

describe.each(['nuts', 'ensemble'] as const)('%s', (sampler) => {
  it('is seeded and resumable: warm-up + 60 draws, then 40 more from the state = 100 draws in one run', () => {
    const opts = { model, spectra, sampler, warmup: 60, seed: 9, walkers: 8 };
    const whole = samplePosterior({ ...opts, draws: 100 });
    const first = samplePosterior({ ...opts, draws: 60 });
    const rest = samplePosterior({ ...opts, draws: 40, state: JSON.parse(JSON.stringify(first.state)) });
    const L = 2;
    for (let b = 0; b < 3; b++) {
      for (let ch = 0; ch < whole.chains; ch++) {
        const w = whole.samples[b]!;
        expect(Array.from(first.samples[b]!.subarray(ch * 60 * L, (ch + 1) * 60 * L))).toEqual(
          Array.from(w.subarray(ch * 100 * L, (ch * 100 + 60) * L)),
        );
        expect(Array.from(rest.samples[b]!.subarray(ch * 40 * L, (ch + 1) * 40 * L))).toEqual(
          Array.from(w.subarray((ch * 100 + 60) * L, (ch + 1) * 100 * L)),
        );
      }
    }
    const other = samplePosterior({ ...opts, draws: 60, seed: 10 });
    expect(Array.from(other.samples[0]!.subarray(0, 10))).not.toEqual(Array.from(first.samples[0]!.subarray(0, 10)));
  });
});

it('batches: one emulator call per gradient evaluation for all spectra and chains; no tensor leak', () => {
  let calls = 0;
  let rows = 0;
  const counted = {
    labels: model.labels,
    predict: (x: tf.Tensor2D) => (calls++, (rows += x.shape[0]), model.predict(x)),
  };
  const before = tf.memory().numTensors;
  const run = samplePosterior({ model: counted, spectra, warmup: 50, draws: 50, chains: 4, seed: 1 });
  expect(tf.memory().numTensors).toBe(before);
  expect(run.evaluations).toBe(rows);
  // 3 spectra × 4 chains share calls: on average far more than one row per call
  expect(rows / calls).toBeGreaterThan(8);
});

it('bounded labels: every draw stays inside the prior box, even with data pulling outside it', () => {
  const run = samplePosterior({
    model,
    spectra,
    priors: { a: { kind: 'uniform', min: 0.25, max: 0.5 } },
    warmup: 60,
    draws: 60,
    seed: 2,
  });
  for (const v of run.samples) for (let i = 0; i < v.length; i += 2) expect(v[i]! > 0.25 && v[i]! < 0.5).toBe(true);
  // spectrum 0 has a = 0 (outside the box): its posterior piles up at the lower bound
  expect(run.summaries[0]!.labels[0]!.median).toBeLessThan(0.3);
});

it('custom prior (a differentiable tfjs log-density) acts like the equivalent Gaussian', () => {
  const gaussian = samplePosterior({
    model,
    spectra: spectra.slice(0, 1),
    priors: { a: { kind: 'gaussian', mean: 1, sigma: 0.05 } },
    warmup: 200,
    draws: 400,
    seed: 3,
  });
  const custom = samplePosterior({
    model,
    spectra: spectra.slice(0, 1),
    priors: {
      a: { kind: 'custom', logDensity: (x) => tf.mul(-0.5, tf.square(tf.div(tf.sub(x, 1), 0.05))) as tf.Tensor1D },
    },
    warmup: 200,
    draws: 400,
    seed: 3,
  });
  const [g, cu] = [gaussian.summaries[0]!.labels[0]!, custom.summaries[0]!.labels[0]!];
  expect(Math.abs(g.mean - cu.mean)).toBeLessThan(4 * g.sd * Math.sqrt(1 / g.essBulk + 1 / cu.essBulk));
  // both match the analytic posterior (b's uniform prior on [−10, 10] is flat where the likelihood lives)
  const ref = analyticPosterior(A, c, spectra[0]!.flux, 0.05, [1, 0], [0.05, 1e6], [0, 1], [0, 0]);
  expect(Math.abs(cu.mean - ref.mean[0]!)).toBeLessThan((4 * g.sd) / Math.sqrt(cu.essBulk));
  expect(ref.mean[0]).toBeGreaterThan(0.1); // the prior at 1 pulls a (data say 0) up
});

it('the emulator-error term widens σ as √(σ²_data + σ²_emu) (linear model, analytic ratio)', () => {
  const y = spectra[1]!;
  const sigmaData = 0.05;
  const variance = emulatorVariance({
    percentiles: [16, 50, 84],
    values: [new Float64Array(M).fill(-0.05), new Float64Array(M), new Float64Array(M).fill(0.05)],
  });
  expect(variance[0]).toBeCloseTo(0.0025, 12);
  const off = samplePosterior({
    model,
    spectra: [y],
    warmup: 150,
    draws: 500,
    seed: 4,
    emulatorVariance: variance,
    emulatorError: false,
  });
  const on = samplePosterior({ model, spectra: [y], warmup: 150, draws: 500, seed: 4, emulatorVariance: variance });
  const ratio = on.summaries[0]!.labels[0]!.sd / off.summaries[0]!.labels[0]!.sd;
  const expected = Math.sqrt((sigmaData ** 2 + 0.05 ** 2) / sigmaData ** 2);
  expect(Math.abs(ratio / expected - 1)).toBeLessThan(0.1);
});

it('writes the draws as an Arrow IPC file that reads back', async () => {
  const run = samplePosterior({ model, spectra, warmup: 30, draws: 20, chains: 2, seed: 5 });
  const dir = mkdtempSync(join(tmpdir(), 'posterior-'));
  const file = join(dir, 'draws.arrow');
  await writeSamplesArrow(file, run, 2);
  const t = tableFromIPC(readFileSync(file));
  expect(t.numRows).toBe(3 * 2 * 10);
  expect(t.schema.fields.map((f) => f.name)).toEqual(['spectrum', 'chain', 'draw', 'a', 'b']);
  expect(t.getChild('b')!.get(7)).toBe(run.samples[0]![(0 * 20 + 14) * 2 + 1]); // row 7: spectrum 0, chain 0, draw 14
  expect(t.getChild('chain')!.get(12)).toBe(1);
  rmSync(dir, { recursive: true, force: true });
});

it('bad input gets a clear error naming the field', () => {
  expect(() => samplePosterior({ model, spectra: [] })).toThrow(/spectra is empty/);
  expect(() => samplePosterior({ model, spectra, priors: { teff: { kind: 'uniform' } } })).toThrow(
    /priors.teff: no such label; the model's labels are a, b/,
  );
  expect(() => samplePosterior({ model, spectra, priors: { a: { kind: 'gaussian', mean: 0, sigma: -1 } } })).toThrow(
    /priors.a: a gaussian prior needs a finite mean and a finite sigma > 0/,
  );
  expect(() => samplePosterior({ model, spectra, emulatorVariance: [1, 2] })).toThrow(
    /emulatorVariance has 2 pixels; the spectra have 12/,
  );
  expect(() => samplePosterior({ model, spectra, free: ['a', 'q'] })).toThrow(/free names 'q', not a label/);
  expect(() => samplePosterior({ model, spectra, sampler: 'ensemble', walkers: 3 })).toThrow(/walkers must be even/);
  expect(() => samplePosterior({ model, spectra: [{ flux: [1, 2], ivar: [1] }] })).toThrow(
    /spectra\[0\].ivar has 1 pixels; spectra\[0\].flux has 2/,
  );
  expect(() => createLogPosterior('x', { model, spectra, emulatorError: true })).toThrow(PosteriorError);
});
