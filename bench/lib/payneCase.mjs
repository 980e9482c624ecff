// One timed Payne/BigPayne batch prediction in its own process (so that its peak RSS is its own):
//   node bench/lib/payneCase.mjs '{"bundle":DIR,"labels":FILE.f32,"batch":64,"repeats":5,"out":FILE.f32}'
// In-process predict on one wasm backend (one thread), after one warm-up call. Prints {seconds: [...], maxrss_kb}.
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { loadEmulator } from '@astroemu/emulator-core';
import '@astroemu/payne';

const opt = JSON.parse(process.argv[2]);
await initBackend({ backend: 'wasm' });
const model = await loadEmulator(opt.bundle);
const buf = readFileSync(opt.labels);
const labels = tf.tensor2d(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), [
  opt.batch,
  model.labels.length,
]);
const run = () => {
  const y = model.predict(labels);
  const v = y.dataSync();
  y.dispose();
  return v;
};
run();
const seconds = [];
let flux;
for (let r = 0; r < (opt.repeats ?? 1); r++) {
  const t0 = performance.now();
  flux = run();
  seconds.push((performance.now() - t0) / 1000);
}
if (opt.out) writeFileSync(opt.out, Buffer.from(flux.buffer, flux.byteOffset, flux.byteLength));
console.log(JSON.stringify({ seconds, maxrss_kb: process.resourceUsage().maxRSS }));
