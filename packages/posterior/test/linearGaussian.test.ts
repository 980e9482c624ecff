import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { samplePosterior } from '../src/index';
import { analyticPosterior, gauss, lcg, linearModel } from './linearModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// y = A x + c + N(0, σ²) on 20 pixels, three correlated labels, Gaussian prior: the posterior is N(μ, Σ) in closed form.
const u = lcg(1);
const M = 20;
const names = ['a', 'b', 'c'];
const A = Array.from({ length: M }, (_, j) => [1, j / M, Math.sin(j)].map((v) => v + 0.3 * gauss(u)));
const c = Array.from({ length: M }, () => 1);
const sigma = 0.5;
const truth = [0.3, -1, 2];
const ys = [0, 1].map(() =>
  A.map((row, j) => c[j]! + row.reduce((s, v, l) => s + v * truth[l]!, 0) + sigma * gauss(u)),
);
const mu0 = [0, 0, 1];
const s0 = [2, 0.3, 2]; // b: the prior is as informative as the data (a sampler ignoring priors fails)
const priors = Object.fromEntries(
  names.map((n, l) => [n, { kind: 'gaussian' as const, mean: mu0[l]!, sigma: s0[l]!, min: -Infinity, max: Infinity }]),
);
const spectra = ys.map((y) => ({ flux: y, ivar: y.map(() => 1 / sigma ** 2) }));
// spectrum 1 samples a and b only, c fixed at 2.5: its posterior is the conditional Gaussian
const free = [names, ['a', 'b']];
const fixed = { c: 2.5 };

/** Sampled mean and covariance within Monte-Carlo error of the analytic ones (4 σ_MC, with ESS from the run). */
function expectMatches(run: ReturnType<typeof samplePosterior>) {
  for (let b = 0; b < 2; b++) {
    const idx = run.free[b]!;
    const ref = analyticPosterior(A, c, ys[b]!, sigma, mu0, s0, idx, [0, 0, 2.5]);
    const s = run.summaries[b]!;
    const k = idx.length;
    s.labels.forEach((lab, i) => {
      const sd = Math.sqrt(ref.cov[i]![i]!);
      expect(Math.abs(lab.mean - ref.mean[i]!)).toBeLessThan((4 * sd) / Math.sqrt(lab.essBulk));
      for (let j = 0; j < k; j++) {
        const ess = Math.min(lab.essBulk, s.labels[j]!.essBulk);
        const mcError = Math.sqrt((ref.cov[i]![i]! * ref.cov[j]![j]! + ref.cov[i]![j]! ** 2) / ess);
        expect(Math.abs(s.covariance[i * k + j]! - ref.cov[i]![j]!)).toBeLessThan(4 * mcError);
      }
    });
    // the fixed label stays at its value in every draw
    if (k === 2) for (let d = 2; d < run.samples[b]!.length; d += 3) expect(run.samples[b]![d]).toBe(2.5);
    // the posterior is strongly correlated (a test that ignores correlations would fail)
    expect(
      Math.max(
        ...Array.from(s.correlation)
          .filter((v) => v < 0.999)
          .map(Math.abs),
      ),
    ).toBeGreaterThan(0.3);
  }
}

it('NUTS: sampled mean and covariance match the analytic linear-Gaussian posterior; no divergences, R̂ ≤ 1.01', () => {
  const before = tf.memory().numTensors;
  const model = linearModel(A, c, names);
  const run = samplePosterior({
    model,
    spectra,
    priors,
    free,
    fixed,
    sampler: 'nuts',
    warmup: 300,
    draws: 500,
    seed: 3,
  });
  expectMatches(run);
  for (const s of run.summaries) expect(s.warnings).toEqual([]);
  expect(run.stats.every((s) => s.divergences === 0)).toBe(true);
  expect(tf.memory().numTensors).toBe(before + 2); // the model's own two tensors
});

it('ensemble: sampled mean and covariance match the analytic linear-Gaussian posterior', () => {
  const model = linearModel(A, c, names);
  const run = samplePosterior({
    model,
    spectra,
    priors,
    free,
    fixed,
    sampler: 'ensemble',
    walkers: 24,
    warmup: 500,
    draws: 2500,
    seed: 4,
  });
  expectMatches(run);
  expect(run.stats[0]!.acceptance).toBeGreaterThan(0.2);
  expect(run.stats[0]!.acceptance).toBeLessThan(0.9);
});
