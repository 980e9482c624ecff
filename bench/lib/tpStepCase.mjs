// One TransformerPayne training-step configuration in its own process, for bench/tp.bench.mjs (issue 17):
//   node bench/lib/tpStepCase.mjs '{"impl":"new","preset":"tiny","batch":16,"wavelengths":397,"steps":20}'
//   node bench/lib/tpStepCase.mjs '{"impl":"ref","preset":"small","batch":16,"wavelengths":1024,"steps":5,"profile":true}'
//   node bench/lib/tpStepCase.mjs '{"impl":"new","preset":"tiny","batch":16,"wavelengths":397,"steps":20,"workers":2}'   (data-parallel)
// impl 'ref': the step of commit REFERENCE_COMMIT (bench/lib/buildReference.mjs: its attention, transformer-payne and
// training packages), as trainEmulator ran it (tf.variableGrads over predict + AdamW.apply per variable).
// impl 'new': @astroemu/training's createTrainStep (what trainEmulator runs now). Both: MSE against fixed targets, the
// same labels and grid, AdamW lr 1e-4, weight decay 1e-4. After `warmup` warm-up steps (default 2), `steps` steps are timed (CPU time of
// this process, process.cpuUsage, and wall time). profile: one more step under tf.profile → kernel count and summed
// kernel time per op. Prints one JSON line.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { buildReference } from './buildReference.mjs';
import { TP_LABELS, TP_RANGE, benchLabels, benchGrid } from './tpInputs.mjs';

const opt = JSON.parse(process.argv[2]);
await initBackend({ backend: 'wasm' });
const load = async (name) => {
  if (opt.impl !== 'ref') return import(`@astroemu/${name}`);
  const dir = buildReference();
  return import(pathToFileURL(join(dir, 'node_modules', '@astroemu', name, 'dist', 'index.js')).href);
};
const { createTransformerPayne } = await load('transformer-payne');
const training = await load('training');
const model = createTransformerPayne({ preset: opt.preset, labels: TP_LABELS, wavelengthRange: TP_RANGE, seed: 1 });
const grid = benchGrid(opt.wavelengths);
const B = opt.batch;
const labelsHost = Float32Array.from(benchLabels(B).flat());
// scaled labels for the new path (trainEmulator scales once per step on the host)
const target = new Float32Array(B * grid.length);
for (let i = 0; i < target.length; i++) target[i] = 0.5 + (0.5 * (((Math.sin(i * 12.9898) * 43758.5453) % 1) + 1)) / 2;

let once;
let closeStep = async () => {};
if (opt.impl === 'ref') {
  const vars = training.namedVariables(model);
  const byTf = new Map(vars.map(([n, v]) => [v.name, n]));
  const optimizer = new training.AdamW(vars, { weightDecay: 1e-4 });
  const x = tf.tensor2d(labelsHost, [B, TP_LABELS.length]);
  const y = tf.tensor2d(target, [B, grid.length]);
  once = () => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.mean(tf.squaredDifference(model.predict(x, grid), y)),
        vars.map(([, v]) => v),
      );
      optimizer.apply(new Map(Object.entries(grads).map(([k, g]) => [byTf.get(k), g])), 1e-4);
      return value;
    });
    loss.dataSync();
    loss.dispose();
  };
} else if ((opt.workers ?? 1) > 1) {
  const step = await training.createParallelTrainStep(model, {
    workers: opt.workers,
    weightDecay: 1e-4,
    wavelength: grid,
    ...(opt.microBatch ? { microBatch: opt.microBatch } : {}),
  });
  once = () => step.run(labelsHost, target, B, 1e-4, grid);
  process.on('beforeExit', () => step.terminate());
  closeStep = () => step.terminate();
} else {
  const step = training.createTrainStep(model, {
    weightDecay: 1e-4,
    wavelength: grid,
    ...(opt.microBatch ? { microBatch: opt.microBatch } : {}),
  });
  once = () => step.run(labelsHost, target, B, 1e-4, grid);
}
// Warm-up (default 2): V8 compiles the hot paths in the background during the first steps; a long run is timed at
// its steady state, so the bench warms both builds up alike before timing.
for (let w = 0; w < (opt.warmup ?? 2); w++) await once();
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let s = 0; s < opt.steps; s++) await once();
const c1 = process.cpuUsage(c0);
const wall = (performance.now() - t0) / 1000;
const cpu = (c1.user + c1.system) / 1e6;
const out = {
  workers: opt.workers ?? 1,
  native: process.env.ASTROEMU_NATIVE_BLAS === '1',
  steps_per_wall_s: opt.steps / wall,
  impl: opt.impl,
  preset: opt.preset,
  batch: B,
  wavelengths: grid.length,
  steps: opt.steps,
  cpu_s: cpu,
  wall_s: wall,
  steps_per_cpu_s: opt.steps / cpu,
  maxrss_kb: process.resourceUsage().maxRSS,
  params: model.parameterCount(),
};
if (opt.profile) {
  const info = await tf.profile(() => once());
  const byOp = {};
  for (const k of info.kernels) {
    const e = (byOp[k.name] ??= { count: 0, ms: 0 });
    e.count += 1;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  }
  out.kernels = info.kernels.length;
  out.byOp = Object.fromEntries(
    Object.entries(byOp)
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([k, v]) => [k, { count: v.count, ms: +v.ms.toFixed(2) }]),
  );
}
await closeStep();
console.log(JSON.stringify(out));
