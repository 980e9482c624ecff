#!/usr/bin/env node
// CPU and wall seconds per TransformerPayne tiny training step on the demo's grid (R = 20 000, 5000–5100 Å, 397 px),
// 400 training spectra, steps 6–45 of a 45-step trainEmulator run per setting (the first ones include warm-up).
// Uses the built packages. Argument: JSON list of [pixels per step, batch, workers]:
//   nice -n 5 node scripts/step-cost.mjs '[[397,16,2],[200,16,2],[128,16,2]]'
import { initBackend } from '@astroemu/backend';
import { createTransformerPayne } from '@astroemu/transformer-payne';
import { makeGrid } from '@astroemu/synth';
import { inMemorySource, trainEmulator } from '@astroemu/training';
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
await initBackend({ backend: 'wasm' });
const g = makeGrid({ kind: 'train', n: 400, seed: 0, R: 20000, lambdaMin: 5000, lambdaMax: 5100 });
const b = g.batch(Array.from({ length: 400 }, (_, i) => i));
const src = inMemorySource({ labelNames: g.labelNames, labels: b.labels, wavelength: g.wavelength, flux: b.flux });
const wl = g.wavelength;
const M = wl.length;
const span = Math.log10(wl[M - 1] / wl[0]);
let st = Infinity;
for (let i = 1; i < M; i++) st = Math.min(st, Math.log10(wl[i] / wl[i - 1]));
for (const [K, B, W] of JSON.parse(process.argv[2])) {
  const em = createTransformerPayne({
    preset: 'tiny',
    labels: g.labelSpecs.map((s) => ({ ...s })),
    wavelengthRange: { min: wl[0], max: wl[M - 1], medium: 'air' },
    architecture: { minPeriod: 2 * st, maxPeriod: 4 * span },
    seed: 0,
  });
  let c0 = 0,
    t0 = 0;
  await trainEmulator(em, {
    train: src,
    batchSize: B,
    wavelengthsPerSpectrum: K,
    seed: 0,
    steps: 45,
    learningRate: 1e-2,
    saveBest: false,
    ...(W > 1 ? { workers: W } : {}),
    onProgress: (e) => {
      if (e.type === 'step' && e.step === 5) {
        c0 = cpu();
        t0 = performance.now();
      }
    },
  });
  console.log(
    JSON.stringify({
      K,
      B,
      W,
      cpuPerStep: +((cpu() - c0) / 40).toFixed(4),
      wallPerStep: +((performance.now() - t0) / 40000).toFixed(4),
    }),
  );
  em.dispose();
}
