/**
 * Demonstration run of docs/foundation-model.md: trains the `small` foundation model on a synthetic multi-survey
 * catalogue and asks it the questions of Leung & Bovy (2023, Sect. 4). Run from the repository root:
 *   bash packages/stellar-foundation/scripts/demo.sh
 * Environment: DEMO_STEPS (default 1500), DEMO_TRAIN (4000 stars), DEMO_TEST (800 stars), DEMO_GROUP_DROPOUT (0.5;
 * 0 = the paper's sampling).
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { createFoundationModel, foundationConfig, makeStellarCatalogue, trainFoundationModel } from '../src/index';
import { ask, completeRows, trainMlpRegressor, zScoreStd } from './demoTasks';

const steps = Number(process.env.DEMO_STEPS ?? 1500);
const groupDropout = Number(process.env.DEMO_GROUP_DROPOUT ?? 0.5);
const log = (...a: unknown[]) => console.log(...a);
const f = (x: number, d = 3) => x.toFixed(d);

await initBackend({ backend: 'wasm' });
const train = makeStellarCatalogue({ stars: Number(process.env.DEMO_TRAIN ?? 4000), seed: 1 });
const test0 = makeStellarCatalogue({ stars: Number(process.env.DEMO_TEST ?? 800), seed: 2 });
const test = { ...test0, tokens: train.tokens };
const spectrum = train.groups.spectrum;
const NEVER = ['flux_040', 'J_K']; // never requested during training (Fig. 14)
const requestable = train.names.filter((n) => !NEVER.includes(n));
log(
  `catalogue: ${train.stars} training + ${test.stars} held-out stars, ${train.names.length} types (5 labels, 3 colours, ${spectrum.length} spectral bins)`,
);

const model = createFoundationModel(foundationConfig(train.tokens, { preset: 'small' }), { seed: 1 });
const paper = createFoundationModel(foundationConfig(train.tokens, { preset: 'paper' }));
log(`small preset: ${model.parameterCount()} parameters; paper preset: ${paper.parameterCount()}`);
paper.dispose();
const t0 = Date.now();
const { losses } = trainFoundationModel(model, train, {
  steps,
  batchSize: 64,
  requestsPerStar: 8,
  learningRate: 2e-3,
  minLearningRate: 1e-5,
  restartPeriod: Math.ceil(steps / 3),
  requestable,
  inputGroups: [train.groups.labels, train.groups.colours, spectrum],
  groupDropout,
  onStep: (s, l, lr) => {
    if (s % 100 === 0 || s === steps - 1)
      log(`step ${s}  loss ${f(l)}  lr ${lr.toExponential(2)}  ${f((Date.now() - t0) / 1000, 0)} s`);
  },
});
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
log(
  `training: ${steps} steps × 64 stars × 8 requests, ${f((Date.now() - t0) / 1000, 0)} s; mean loss first/last 50 steps ${f(avg(losses.slice(0, 50)))} / ${f(avg(losses.slice(-50)))}`,
);
model.training = {
  steps,
  batchSize: 64,
  requestsPerStar: 8,
  groupDropout,
  catalogue: { stars: train.stars, seed: 1 },
  neverRequested: NEVER,
};

// 1. spectra → labels, vs a dedicated MLP on exactly that input/output (stars with ≥ 7/8 of the bins observed;
//    the MLP gets missing bins imputed with the mean, the foundation model just skips them).
const LABELS = ['Teff', 'logg', 'M_H'];
const labelled = new Set(completeRows(train, LABELS));
const trainRows = completeRows(train, spectrum, 7 / 8).filter((r) => labelled.has(r));
const testRows = completeRows(test, spectrum, 7 / 8);
const fm = ask(model, test, testRows, spectrum, LABELS);
const mlp = trainMlpRegressor(train, trainRows, testRows, spectrum, LABELS, { steps: 3000 });
log(
  `\n1. spectra → labels (${testRows.length} held-out stars with ≥ 56 of 64 bins; MLP trained on ${trainRows.length} stars with spectra and labels)`,
);
log('label   foundation RMSE   MLP RMSE   ratio   population sd   median σ_pred');
fm.forEach((r, i) =>
  log(
    `${r.name.padEnd(7)} ${f(r.rmse, 3).padStart(12)} ${f(mlp[i]!.rmse, 3).padStart(10)} ${f(r.rmse / mlp[i]!.rmse, 2).padStart(7)} ${f(r.spread, 3).padStart(12)} ${f(r.medianSigma, 3).padStart(12)}`,
  ),
);

// 2. labels → spectrum and inpainting (residuals against the noise-free spectrum).
const withLabels = new Set(completeRows(test, ['Teff', 'logg', 'M_H', 'alpha_M']));
const specRows = testRows.filter((r) => withLabels.has(r));
const noise = specRows
  .map((r) => test.sigmas[r * test.names.length + test.names.indexOf('flux_020')]!)
  .filter(Number.isFinite)
  .sort((a, b) => a - b);
const medianNoise = noise[Math.floor(noise.length / 2)]!;
const l2s = ask(model, test, specRows, ['Teff', 'logg', 'M_H', 'alpha_M'], spectrum);
const half = spectrum.length / 2;
const inpaint = ask(model, test, specRows, spectrum.slice(0, half), spectrum.slice(half));
const flatRms = (rs: ReturnType<typeof ask>) => Math.sqrt(rs.reduce((s, r) => s + r.rmse ** 2, 0) / rs.length);
const spread = (rs: ReturnType<typeof ask>) => Math.sqrt(rs.reduce((s, r) => s + r.spread ** 2, 0) / rs.length);
log(
  `\n2. spectra from labels and inpainting (${specRows.length} stars; median per-bin noise σ of the data ${f(medianNoise, 4)})`,
);
log(
  `labels (Teff, logg, [M/H], [α/M]) → 64 bins: residual RMS ${f(flatRms(l2s), 4)}; bin-to-bin spread of the truth ${f(spread(l2s), 4)}; worst bin ${l2s.reduce((a, b) => (b.rmse > a.rmse ? b : a)).name} ${f(Math.max(...l2s.map((r) => r.rmse)), 4)}`,
);
log(`bins 0–31 → bins 32–63: residual RMS ${f(flatRms(inpaint), 4)}; spread ${f(spread(inpaint), 4)}`);
log(
  `median σ_pred: labels→spectrum ${f(l2s[20]!.medianSigma, 4)} (flux_020), inpainting ${f(inpaint[10]!.medianSigma, 4)} (flux_042)`,
);

// 3. labels → labels: the Kiel-diagram probe (logg given Teff and [M/H]).
log('\n3. Kiel probe: logg requested given Teff (and [M/H] = −0.2)');
const grid = [4000, 4250, 4500, 4750, 5000, 5250, 5500, 5750, 6000, 6250, 6500];
model.perceive(
  grid.map((t) => [t, -0.2]),
  grid.map(() => ['Teff', 'M_H']),
);
const kiel = model.request('logg');
model.forget();
log('Teff   logg ± σ');
grid.forEach((t, i) => log(`${t}   ${f(kiel.mean[i]!, 2)} ± ${f(kiel.sigma[i]!, 2)}`));

// 4. Calibration: z-scores on held-out data, and σ with uninformative inputs.
const allRows = Array.from({ length: test.stars }, (_, i) => i);
const z = zScoreStd(model, test, allRows, { pairs: 4096, requestable });
log(
  `\n4. calibration: z = (ŷ − y_obs)/√(σ_pred² + σ_known²) over ${z.pairs} random held-out (inputs, request) pairs: std ${f(z.std)}, mean ${f(z.mean)}`,
);
const zTrue = fm.map((r) =>
  Math.sqrt(r.mean.reduce((s, m, i) => s + ((m - r.truth[i]!) / r.sigma[i]!) ** 2, 0) / r.mean.length),
);
log(`spectra → labels, (ŷ − y_true)/σ_pred RMS: ${fm.map((r, i) => `${r.name} ${f(zTrue[i]!, 2)}`).join(', ')}`);
const withAv = new Set(completeRows(test, ['A_V']));
const avRows = testRows.filter((r) => withAv.has(r));
const informative = ask(model, test, avRows, spectrum, ['Teff'])[0]!;
const uninformative = ask(model, test, avRows, ['A_V'], ['Teff'])[0]!;
const fewBins = ask(
  model,
  test,
  avRows,
  spectrum.filter((_, i) => i % 8 === 0),
  ['Teff'],
)[0]!;
log(
  `σ_pred(Teff): median ${f(informative.medianSigma, 0)} K from the 64-bin spectrum; ${f(fewBins.medianSigma, 0)} K from 8 bins (RMSE ${f(fewBins.rmse, 0)} K); ${f(uninformative.medianSigma, 0)} K from A_V alone (uninformative; RMSE ${f(uninformative.rmse, 0)} K); population sd ${f(uninformative.spread, 0)} K`,
);

// 5. Types never requested during training.
const neverRows = completeRows(
  test,
  ['Teff', 'logg', 'M_H', 'alpha_M', 'A_V', 'BP_RP', 'G_K', 'flux_039', 'flux_041'],
  0.75,
);
const never = ask(
  model,
  test,
  neverRows,
  ['Teff', 'logg', 'M_H', 'alpha_M', 'A_V', 'BP_RP', 'G_K'],
  ['flux_039', 'flux_040', 'flux_041', 'J_K'],
);
log(
  `\n5. requests never made in training (flux_040, J_K), given the labels and two colours (${neverRows.length} stars)`,
);
never.forEach((r) =>
  log(
    `${r.name.padEnd(9)} RMSE ${f(r.rmse, 4)}  population sd ${f(r.spread, 4)}  median σ_pred ${f(r.medianSigma, 4)}${NEVER.includes(r.name) ? '  (never requested)' : ''}`,
  ),
);
const lr = ask(
  model,
  test,
  neverRows,
  ['Teff', 'logg', 'M_H', 'alpha_M', 'A_V', 'BP_RP', 'G_K', 'flux_039', 'flux_041'],
  ['flux_040'],
)[0]!;
log(`flux_040 given also its neighbours flux_039, flux_041: RMSE ${f(lr.rmse, 4)}`);
log(`\ntensors alive at the end: ${tf.memory().numTensors}; wall time ${f((Date.now() - t0) / 1000, 0)} s`);
