// One timed TransformerPayne case in its own process (so that its peak RSS is its own):
//   node bench/lib/tpCase.mjs '{"bundle":DIR,"batch":B,"wavelengths":M,"workers":2,"repeats":1,"out":FILE}'
// workers = 0: in-process predict on one wasm backend; workers ≥ 1: createPredictPool. Prints one JSON line
// {seconds: [...], maxrss_kb}. Labels and grid are the bench's fixed ones (bench/lib/tpInputs.mjs).
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { loadEmulator } from '@astroemu/emulator-core';
import { createPredictPool } from '@astroemu/transformer-payne';
import { benchLabels, benchGrid } from './tpInputs.mjs';

const opt = JSON.parse(process.argv[2]);
const labels = benchLabels(opt.batch);
const grid = benchGrid(opt.wavelengths);
const warm = grid.subarray(0, Math.min(grid.length, 64));
let predict;
let close = async () => {};
if (opt.workers > 0) {
  const pool = await createPredictPool({ workers: opt.workers, bundleDir: opt.bundle });
  predict = (w) => pool.predict(labels, w);
  close = () => pool.terminate();
} else {
  await initBackend({ backend: 'wasm' });
  const model = await loadEmulator(opt.bundle);
  const t = tf.tensor2d(labels);
  predict = async (w) => {
    const y = model.predict(t, w);
    const v = y.dataSync();
    y.dispose();
    return v;
  };
}
await predict(warm);
const seconds = [];
let flux;
for (let r = 0; r < (opt.repeats ?? 1); r++) {
  const t0 = performance.now();
  flux = await predict(grid);
  seconds.push((performance.now() - t0) / 1000);
}
if (opt.out) writeFileSync(opt.out, Buffer.from(flux.buffer, flux.byteOffset, flux.byteLength));
await close();
console.log(JSON.stringify({ seconds, maxrss_kb: process.resourceUsage().maxRSS }));
