import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { BroydenUpdate } from '../src/broydenUpdate';
import { fitSpectra } from '../src/index';
import { prepareSpectra } from '../src/prepareSpectra';
import { SpectrumModel } from '../src/spectrumModel';
import { createAnalyticEmulator } from '../../crb/test/analyticEmulator';
import { observe } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FIT = ['Teff', 'logg', 'Fe', 'Mg'];

it("Broyden's update: JᵀWJ and JᵀWr equal BᵀB and Bᵀ√w r of the updated √W J, which reproduces the step (secant)", () => {
  const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
  const obs = observe(emu.lines, [5000, 4.5, -0.3, 0.2, 0], 20, 100, 11, 5000, 5040, 2e-5, [1.01, 0.02]);
  const options = { fit: FIT, continuum: { degree: 1 } };
  const batch = prepareSpectra(emu, [obs], options, -500, 500, 7);
  const fixed = Float64Array.from(emu.labels, (s) => 0.5 * (s.min + s.max));
  const before = tf.memory().numTensors;
  const model = new SpectrumModel({
    emulator: emu,
    batch,
    free: [0, 1, 2, 3],
    fixedLabels: fixed,
    rvFit: true,
    rvFixed: Float64Array.of(0),
  });
  const { P, PL } = model;
  const K = batch.K;
  const one = Int32Array.of(0);
  const theta = Float64Array.of(0.1, -0.1, 0.05, 0, 18, 1.0, 0.01);
  const trial = Float64Array.of(0.13, -0.12, 0.02, 0.01, 20.5, 1.01, 0.02);
  const rest = model.restFluxHost(theta, one);
  const B = new Float32Array((P + 1) * K);
  const modelW = new Float64Array(K);
  const { A, g } = model.assemble(theta, one, rest, model.restJacobian(theta, one, 1e-3), undefined, B, modelW);
  const B0 = Float32Array.from(B);
  const modelW0 = Float64Array.from(modelW);
  const restT = model.restFluxHost(trial, one);
  const x2 = new BroydenUpdate(model).apply(0, 0, theta, trial, 0, restT, B, modelW, A!, g!);
  const out = { modelW: new Float64Array(K), rw: new Float64Array(K), cs: new Float64Array(K) };
  const exact = model.observeRow(trial, 0, 0, restT, 0, out);
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
  expect(x2).toBeCloseTo(exact, 6);
  // JᵀWJ, JᵀWr of the updated B, in float64
  for (let i = 0; i < P; i++) {
    let gi = 0;
    for (let k = 0; k < K; k++) gi += B[i * K + k] * out.rw[k];
    expect(g![i]).toBeCloseTo(gi, 2);
    for (let j = 0; j < P; j++) {
      let a = 0;
      for (let k = 0; k < K; k++) a += B[i * K + k] * B[j * K + k];
      expect(Math.abs(A![i * P + j] - a)).toBeLessThan(1e-5 * Math.sqrt(A![i * P + i] * A![j * P + j]) + 1e-9);
    }
  }
  // secant condition: new label columns and the old exact columns reproduce the step's change of √w·model
  let err = 0;
  let size = 0;
  for (let k = 0; k < K; k++) {
    let pred = 0;
    for (let p = 0; p < P; p++) pred += (p < PL ? B[p * K + k] : B0[p * K + k]) * (trial[p] - theta[p]);
    const change = out.modelW[k] - modelW0[k];
    err = Math.max(err, Math.abs(pred - change));
    size = Math.max(size, Math.abs(change));
  }
  expect(err).toBeLessThan(1e-4 * size);
});

it('LM with secant steps reaches the minimum of LM with finite differences at every step, in fewer emulator rows', () => {
  const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
  const obs = [0, 1, 2, 3].map((i) =>
    observe(
      emu.lines,
      [4700 + 200 * i, 4.3 + 0.1 * i, -0.5 + 0.3 * i, 0.3 - 0.2 * i, 0],
      -120 + 80 * i,
      100,
      40 + i,
      5000,
      5040,
      2e-5,
      [1, 0.01],
    ),
  );
  const common = { fit: FIT, fixed: { Eu: 0 }, continuum: { degree: 1 } };
  const fd = fitSpectra(emu, obs, { ...common, lm: { secantSteps: 0 } });
  const sec = fitSpectra(emu, obs, common);
  fd.forEach((a, i) => {
    const b = sec[i];
    expect(b.converged).toBe(true);
    expect(Math.abs(a.chi2 - b.chi2)).toBeLessThan(0.05);
    for (const n of FIT) expect(Math.abs(a.labels[n] - b.labels[n])).toBeLessThan(0.05 * a.uncertainties[n]);
    for (const n of FIT) expect(b.uncertainties[n] / a.uncertainties[n]).toBeCloseTo(1, 2);
  });
  const rows = (r: typeof fd) => r.reduce((s, f) => s + f.emulatorEvaluations, 0);
  expect(rows(sec)).toBeLessThanOrEqual(rows(fd));
});

it('lm.confirmDrift: ending on an updated Jacobian near the last finite-difference one saves rows and keeps the minimum and σ', () => {
  const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
  const obs = [0, 1, 2, 3].map((i) =>
    observe(
      emu.lines,
      [4700 + 200 * i, 4.3 + 0.1 * i, -0.5 + 0.3 * i, 0.3 - 0.2 * i, 0],
      -120 + 80 * i,
      100,
      40 + i,
      5000,
      5040,
      2e-5,
      [1, 0.01],
    ),
  );
  const common = { fit: FIT, fixed: { Eu: 0 }, continuum: { degree: 1 } };
  const strict = fitSpectra(emu, obs, common);
  const loose = fitSpectra(emu, obs, { ...common, lm: { confirmDrift: 0.01 } });
  const rows = (r: typeof strict) => r.reduce((s, f) => s + f.emulatorEvaluations, 0);
  expect(rows(loose)).toBeLessThan(rows(strict));
  strict.forEach((a, i) => {
    const b = loose[i];
    expect(b.converged).toBe(true);
    expect(b.chi2 - a.chi2).toBeLessThan(0.5);
    for (const n of FIT) expect(Math.abs(a.labels[n] - b.labels[n])).toBeLessThan(0.5 * a.uncertainties[n]);
    for (const n of FIT) expect(Math.abs(b.uncertainties[n] / a.uncertainties[n] - 1)).toBeLessThan(0.1);
  });
});
