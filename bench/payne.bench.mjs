// Benchmark: Payne and BigPayne batch prediction (paper presets, L = 100 labels, M = 22 315 px, batch 64) vs a numpy/
// OpenBLAS peer (bench/reference/payne_mlp.py) on the SAME bundle, alternating the two, each case in its own process.
// Checks first that both give the same flux (max|Δ|/max|flux| ≤ 1e-4). Ours: predict on one wasm backend (one thread);
// numpy: 1 OpenBLAS thread (the ratio's peer, same cores) and 2 threads (shown for information).
// Then the small TransformerPayne: one training step (16 spectra × 1 024 λ, variableGrads + AdamW) and the gradient of
// χ² w.r.t. the labels of one 22 315-λ spectrum: wall time and peak RSS only (no reference for these two).
// Usage: npm run bench -- --only payne   [node bench/payne.bench.mjs --repeats N --quick]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@astroemu/backend';
import { saveEmulator } from '@astroemu/emulator-core';
import { createPayne } from '@astroemu/payne';
import { benchGrid } from './lib/tpInputs.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const rounds = argv.includes('--repeats') ? Number(argv[argv.indexOf('--repeats') + 1]) : 2;
const perProcess = quick ? 2 : 5; // timed predicts per process (median), after one warm-up
const L = 100;
const M = 22_315;
const B = 64;
const here = import.meta.dirname;
const dir = mkdtempSync(join(tmpdir(), 'payne-bench-'));
const python = process.env.PYTHON ?? 'python3';
const pyEnv = (threads) => ({
  ...process.env,
  OPENBLAS_NUM_THREADS: String(threads),
  OMP_NUM_THREADS: String(threads),
});

function runJson(cmd, args, env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f32 = (file) => {
  const buf = readFileSync(file);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};

await initBackend({ backend: 'wasm' });
const labels = Array.from({ length: L }, (_, i) => ({ name: `label_${i}`, min: -1 - i / L, max: 1 + i / L }));
const wavelength = benchGrid(M);
const labelsFile = join(dir, 'labels.f32');
writeFileSync(
  labelsFile,
  Float32Array.from({ length: B * L }, (_, k) => {
    const [b, i] = [Math.floor(k / L), k % L];
    const u = (((b + 0.5) * (i * 0.618 + 1)) % B) / B; // spread over each label's box
    return labels[i].min + u * (labels[i].max - labels[i].min);
  }),
);

const figures = {};
const rows = [];
let agreeFailed = false;
for (const preset of ['payne', 'bigPayne']) {
  const m = createPayne({ preset, labels, wavelength, seed: 1 });
  const bundle = join(dir, preset);
  await saveEmulator(bundle, m);
  const h = m.config().architecture.hidden;
  const dims = [L, ...h, M];
  const flop = B * dims.slice(1).reduce((s, d, i) => s + 2 * dims[i] * d, 0);
  m.dispose();
  const ours = [];
  const np1 = [];
  const np2 = [];
  const load = [];
  let rssOurs = 0;
  let rssNp = 0;
  for (let r = 0; r < rounds; r++) {
    load.push(loadavg()[0]);
    const o = runJson(process.execPath, [
      join(here, 'lib/payneCase.mjs'),
      JSON.stringify({ bundle, labels: labelsFile, batch: B, repeats: perProcess, out: join(dir, 'ours.f32') }),
    ]);
    const n1 = runJson(
      python,
      [join(here, 'reference/payne_mlp.py'), bundle, labelsFile, String(B), join(dir, 'np.f32'), String(perProcess)],
      pyEnv(1),
    );
    const n2 = runJson(
      python,
      [join(here, 'reference/payne_mlp.py'), bundle, labelsFile, String(B), join(dir, 'np2.f32'), String(perProcess)],
      pyEnv(2),
    );
    ours.push(median(o.seconds));
    np1.push(median(n1.seconds));
    np2.push(median(n2.seconds));
    rssOurs = Math.max(rssOurs, o.maxrss_kb);
    rssNp = Math.max(rssNp, n1.maxrss_kb);
  }
  const a = f32(join(dir, 'ours.f32'));
  const b = f32(join(dir, 'np.f32'));
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  const worst = Number.isFinite(diff) ? diff / scale : Infinity;
  const agree = a.length === b.length && worst <= 1e-4;
  if (!agree) agreeFailed = true;
  const [tO, t1, t2] = [median(ours), median(np1), median(np2)];
  const key = preset === 'payne' ? 'payne_batch64' : 'bigpayne_batch64';
  figures[`${key}_ratio_vs_numpy`] = Number((t1 / tO).toFixed(3));
  figures[`${key}_gflops`] = Number((flop / tO / 1e9).toFixed(1));
  figures[`${key}_numpy_gflops`] = Number((flop / t1 / 1e9).toFixed(1));
  figures[`${key}_ms`] = Number((1000 * tO).toFixed(1));
  figures[`${key}_peak_rss_mb`] = Math.round(rssOurs / 1024);
  rows.push(
    `| ${preset} (${dims.join('→')}), ${B} × ${M} px | ${(1000 * tO).toFixed(1)} | ${(1000 * t1).toFixed(1)} | ${(1000 * t2).toFixed(1)} | **${(t1 / tO).toFixed(2)}** | ${(flop / tO / 1e9).toFixed(1)} | ${(flop / t1 / 1e9).toFixed(1)} | ${Math.round(rssOurs / 1024)} / ${Math.round(rssNp / 1024)} | ${agree ? 'yes' : 'NO'} (${worst.toExponential(1)}) | ${load.map((l) => l.toFixed(1)).join(', ')} |`,
  );
}
console.log(
  '| Payne batch prediction (ours: 1 wasm thread; numpy: 1 OpenBLAS thread, 2 threads for information) | ours [ms] | numpy 1 thr [ms] | numpy 2 thr [ms] | ratio ours/numpy 1 thr (throughput) | ours GFLOP/s | numpy GFLOP/s | peak RSS ours / numpy [MB] | same flux (max\\|Δ\\|/max\\|flux\\| ≤ 1e-4) | load avg per round |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
for (const r of rows) console.log(r);

// Small TransformerPayne: training step and label gradient (no reference)
const tpRows = [];
for (const c of [
  {
    key: 'tp_small_train_step',
    what: `training step, 16 spectra × 1024 λ (variableGrads + AdamW)`,
    opt: { mode: 'step', batch: 16, wavelengths: 1024 },
  },
  {
    key: 'tp_small_label_grad',
    what: `∂χ²/∂labels, 1 spectrum × ${quick ? 4096 : M} λ`,
    opt: { mode: 'labelgrad', wavelengths: quick ? 4096 : M },
  },
]) {
  const l0 = loadavg()[0];
  const r = runJson(process.execPath, [
    join(here, 'lib/tpTrainCase.mjs'),
    JSON.stringify({ ...c.opt, repeats: quick ? 1 : 3 }),
  ]);
  figures[`${c.key}_s`] = Number(median(r.seconds).toFixed(3));
  figures[`${c.key}_peak_rss_mb`] = Math.round(r.maxrss_kb / 1024);
  tpRows.push(`| ${c.what} | ${median(r.seconds).toFixed(2)} | ${Math.round(r.maxrss_kb / 1024)} | ${l0.toFixed(1)} |`);
}
console.log('');
console.log(
  '| small TransformerPayne (337 k params; 1 wasm thread; no reference) | wall time [s] (median) | peak RSS [MB] | load avg |',
);
console.log('|---|---:|---:|---:|');
for (const r of tpRows) console.log(r);
console.log('BENCH_JSON ' + JSON.stringify(figures));
rmSync(dir, { recursive: true, force: true });
if (agreeFailed) process.exitCode = 1;
