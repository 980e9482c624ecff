// Benchmark: TransformerPayne forward pass (ours: createPredictPool, 2 wasm workers) vs a numpy/OpenBLAS peer
// (bench/reference/transformer_payne.py, 2 BLAS threads) on the SAME bundle, in the same run, alternating the two.
// Checks first that both give the same flux (max\|Δ\|/max\|flux\| ≤ 1e-4), then prints time, throughput ratio ours/numpy (> 1: ours
// faster), GFLOP/s of the architecture's nominal FLOPs (standard formulation, the same count for both), % of the
// machine's f32 GEMM peak (numpy 4096² matmul, 2 threads) and peak RSS of each side (each case in its own process).
// Then TransformerPayne TRAINING steps/s against today's code (issue 17, bench/lib/tpTrainBench.mjs).
// Usage: npm run bench -- --only tp   [node bench/tp.bench.mjs --repeats N --quick]   [--train-only: only the training steps]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { saveEmulator } from '@astroemu/emulator-core';
import { createTransformerPayne, planWavelengthChunks } from '@astroemu/transformer-payne';
import { TP_LABELS, TP_RANGE, benchLabels, benchGrid } from './lib/tpInputs.mjs';
import { tpTrainBench } from './lib/tpTrainBench.mjs';

const argv = process.argv.slice(2);
const repeats = argv.includes('--repeats') ? Number(argv[argv.indexOf('--repeats') + 1]) : 2;
const quick = argv.includes('--quick');
if (argv.includes('--train-only')) {
  const train = tpTrainBench({ repeats: Math.max(repeats, quick ? 1 : 3), quick });
  console.log(train.table.join('\n'));
  console.log('BENCH_JSON ' + JSON.stringify(train.figures));
  process.exit(0);
}
const WORKERS = 2;
// ASTROEMU_NATIVE_BLAS=1: our workers' matMuls run in the optional @astroemu/native-blas accelerator (figures keyed *_native_blas_*)
const NATIVE = process.env.ASTROEMU_NATIVE_BLAS === '1';
const keyOf = (key) => (NATIVE ? key.replace(/^tp_(paper|small)_/, 'tp_$1_native_blas_') : key);
const here = import.meta.dirname;
const dir = mkdtempSync(join(tmpdir(), 'tp-bench-'));
const python = process.env.PYTHON ?? 'python3';
const pyEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(WORKERS), OMP_NUM_THREADS: String(WORKERS) };

function runJson(cmd, args, env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function nominalFlopsPerRow(a) {
  const block = 2 * 2 * a.dim * a.dim + 2 * 2 * a.tokens * a.dim + 2 * 2 * a.dim * a.ffDim;
  return a.blocks * block + 2 * a.dim * a.headDim + 2 * a.headDim;
}

const peak = runJson(python, [join(here, 'reference/peak_gemm.py'), '4096', '5'], pyEnv).gflops;

await initBackend({ backend: 'wasm' });
const bundles = {};
const arch = {};
for (const preset of ['paper', 'small']) {
  const m = createTransformerPayne({ preset, labels: TP_LABELS, wavelengthRange: TP_RANGE, seed: 1 });
  bundles[preset] = join(dir, preset);
  arch[preset] = m.architecture;
  await saveEmulator(bundles[preset], m);
  m.dispose();
}

const cases = [
  { key: 'tp_paper_forward', preset: 'paper', batch: 1, wavelengths: 22_315 },
  { key: 'tp_small_forward', preset: 'small', batch: 1, wavelengths: 22_315 },
  // 64 × 4 096 λ at paper size is 5.6 TFLOP (≈ 5 min per side): measured on 1 024 λ, time extrapolated linearly in λ
  // (ours folds each spectrum's keys/values once, ≈ 25 λ of work: a short measurement would overweight it 16×)
  { key: 'tp_paper_batch64', preset: 'paper', batch: 64, wavelengths: 1024, extrapolateTo: 4096 },
  { key: 'tp_small_batch64', preset: 'small', batch: 64, wavelengths: 4096 },
];
if (quick) for (const c of cases) c.wavelengths = Math.min(c.wavelengths, 512);

const figures = { machine_peak_gflops: Number(peak.toFixed(1)) };
const rows = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let agreeFailed = false;
for (const c of cases) {
  const oursOut = join(dir, `${c.key}.ours.f32`);
  const npOut = join(dir, `${c.key}.numpy.f32`);
  const labelsFile = join(dir, `${c.key}.labels.f32`);
  const gridFile = join(dir, `${c.key}.grid.f64`);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(labelsFile, Float32Array.from(benchLabels(c.batch).flat()));
  writeFileSync(gridFile, benchGrid(c.wavelengths));
  const ours = [];
  const numpy = [];
  let oursRss = 0;
  let npRss = 0;
  const load = [];
  for (let r = 0; r < repeats; r++) {
    load.push(loadavg()[0]);
    const o = runJson(process.execPath, [
      join(here, 'lib/tpCase.mjs'),
      JSON.stringify({
        bundle: bundles[c.preset],
        batch: c.batch,
        wavelengths: c.wavelengths,
        workers: WORKERS,
        repeats: 1,
        out: oursOut,
      }),
    ]);
    const n = runJson(
      python,
      [
        join(here, 'reference/transformer_payne.py'),
        bundles[c.preset],
        labelsFile,
        String(c.batch),
        gridFile,
        npOut,
        '1',
      ],
      pyEnv,
    );
    ours.push(o.seconds[0]);
    numpy.push(n.seconds[0]);
    oursRss = Math.max(oursRss, o.maxrss_kb);
    npRss = Math.max(npRss, n.maxrss_kb);
  }
  const f32 = (file) => {
    const buf = readFileSync(file);
    return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  };
  const a = f32(oursOut);
  const b = f32(npOut);
  // agreement: max |ours − numpy| relative to the spectrum's scale max |numpy| (float32 sums in different orders)
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  const worst = Number.isFinite(diff) ? diff / scale : Infinity;
  const agree = a.length === b.length && worst <= 1e-4;
  if (!agree) agreeFailed = true;
  const factor = (c.extrapolateTo ?? c.wavelengths) / c.wavelengths;
  const tOurs = median(ours) * factor;
  const tNumpy = median(numpy) * factor;
  const flop = nominalFlopsPerRow(arch[c.preset]) * c.batch * (c.extrapolateTo ?? c.wavelengths);
  const ratio = tNumpy / tOurs;
  const gflops = flop / tOurs / 1e9;
  figures[keyOf(`${c.key}_ratio_vs_numpy`)] = Number(ratio.toFixed(3));
  figures[keyOf(`${c.key}_gflops`)] = Number(gflops.toFixed(1));
  figures[keyOf(`${c.key}_numpy_gflops`)] = Number((flop / tNumpy / 1e9).toFixed(1));
  figures[keyOf(`${c.key}_peak_rss_mb`)] = Math.round(oursRss / 1024);
  const size = `${c.preset}, ${c.batch} × ${c.extrapolateTo ?? c.wavelengths} λ${c.extrapolateTo ? ` (measured ${c.wavelengths} λ, extrapolated linearly)` : ''}`;
  rows.push(
    `| ${size} | ${tOurs.toFixed(2)} | ${tNumpy.toFixed(2)} | **${ratio.toFixed(2)}** | ${gflops.toFixed(1)} (${((100 * gflops) / peak).toFixed(0)} %) | ${(flop / tNumpy / 1e9).toFixed(1)} | ${Math.round(oursRss / 1024)} / ${Math.round(npRss / 1024)} | ${agree ? 'yes' : 'NO'} (${worst.toExponential(1)}) | ${load.map((l) => l.toFixed(1)).join(', ')} |`,
  );
}
figures[keyOf('tp_paper_forward_pct_peak')] = Number(
  ((100 * figures[keyOf('tp_paper_forward_gflops')]) / peak).toFixed(1),
);

// Memory: 64 spectra × 22 315 λ, chunked (small preset measured; paper preset: the chunk plan's estimate)
const memCase = { batch: 64, wavelengths: quick ? 2048 : 22_315 };
const mem = runJson(process.execPath, [
  join(here, 'lib/tpCase.mjs'),
  JSON.stringify({ bundle: bundles.small, ...memCase, workers: WORKERS, repeats: 1 }),
]);
const plan = planWavelengthChunks({ batch: 64, wavelengths: 22_315, architecture: arch.paper });
figures[keyOf('tp_small_64x22315_peak_rss_mb')] = Math.round(mem.maxrss_kb / 1024);
figures.tp_paper_64x22315_planned_tensor_mb = Math.round(plan.estimatedPeakBytes / 2 ** 20);

console.log(
  `| TransformerPayne forward (ours: ${WORKERS} wasm workers${NATIVE ? ' with native OpenBLAS matMuls (ASTROEMU_NATIVE_BLAS=1, 1 OpenBLAS thread each)' : ''}; numpy: ${WORKERS} OpenBLAS threads) | ours [s] | numpy [s] | ratio ours/numpy (throughput) | ours GFLOP/s (% of ${peak.toFixed(0)} peak) | numpy GFLOP/s | peak RSS ours / numpy [MB] | same flux (max|Δ|/max|flux| ≤ 1e-4) | load avg (1 min) per repeat |`,
);
console.log('|---|---:|---:|---:|---:|---:|---:|---|---|');
for (const r of rows) console.log(r);
console.log(
  `| small, 64 × ${memCase.wavelengths} λ, peak RSS ours (${WORKERS} workers, default budget per worker) | ${mem.seconds[0].toFixed(1)} s | | | | | ${figures[keyOf('tp_small_64x22315_peak_rss_mb')]} | | ${loadavg()[0].toFixed(1)} |`,
);
console.log(
  `| paper, 64 × 22 315 λ: chunk plan per process (not run: ≈ 30 TFLOP) | | | | | | tensors ≤ ${figures.tp_paper_64x22315_planned_tensor_mb} MB (${plan.chunks.length} chunks of ${plan.chunkSize} λ) | | |`,
);
const train = tpTrainBench({ repeats: Math.max(repeats, quick ? 1 : 3), quick });
Object.assign(figures, train.figures);
console.log('');
console.log(train.table.join('\n'));
console.log('BENCH_JSON ' + JSON.stringify(figures));
rmSync(dir, { recursive: true, force: true });
if (agreeFailed) process.exitCode = 1;
