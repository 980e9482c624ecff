// Benchmark: label-fitting throughput of @astroemu/inference fitSpectra (batched LM) vs The Payne's own fitter
// (bench/reference/payne_fit_scipy.py: numpy forward pass as published, scipy curve_fit method 'trf', one spectrum after
// the other) on the SAME network and the SAME spectra, and LM vs the paper's Adam protocol (emulator evaluations per
// fitted spectrum).
//   Network: The Payne's .npz format (w_array_0..2 (out, in), b_array_0..2, x_min, x_max), 25 APOGEE labels → 2 × 300
//   leaky-ReLU → 7 214 px (The_Payne's apogee_wavelength.npz), random but spectrum-like weights (seeded); imported by
//   @astroemu/payne importPayneNpz. Spectra: N with known labels (scaled ±0.35) and RV (±3 km/s), S/N 100, 5 edge
//   pixels masked; fitted: 25 labels + RV in [−5, 5] km/s (The Payne's bounds), no continuum.
//   χ² of both solutions is recomputed by numpy with the float64 model on the unmasked pixels (same yardstick).
//   Emulator rows per spectrum: ours counts every predicted row (first guess, Jacobians, trial steps incl. rejected
//   ones: FitResult.emulatorEvaluations; a row shared by spectra at the same labels, e.g. the box centre and its
//   finite differences, is split among them); scipy's counts the calls of its model function (each one row).
//   Both sides run on ONE core (one wasm thread, with at most one OpenBLAS thread; one scipy process with 1 BLAS
//   thread; both pinned to the machine's last core with taskset where it exists), alternating, so that a shared machine's load hits
//   both alike; the load average is reported. Ours runs twice per repeat: with initBackend's default (the native
//   OpenBLAS accelerator when it is built: payne_fit_speedup_vs_scipy, = _native) and on plain wasm
//   (payne_fit_speedup_vs_scipy_wasm). Each of our processes makes the same fitSpectra call 7 times and reports the
//   median of the last 4 (steady state: JIT and heap grown, as in a survey run of many batches) and the first
//   (cold). scipy's process times its fits only (imports excluded).
// Usage: npm run bench -- --only fit   [node bench/fit.bench.mjs --repeats N --spectra N --adam-steps N --quick]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const arg = (name, def) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : def);
const quick = argv.includes('--quick');
const repeats = arg('--repeats', quick ? 1 : 3);
const nSpectra = arg('--spectra', quick ? 8 : 32);
const adamSpectra = 2;
const adamSteps = arg('--adam-steps', quick ? 50 : 200);
const PAPER_STEPS = 2000;
const here = import.meta.dirname;
const dir = mkdtempSync(join(tmpdir(), 'fit-bench-'));
const python = process.env.PYTHON ?? 'python3';
// single-threaded on both sides: our fitSpectra runs on one wasm backend (one thread); The Payne's einsum is single-threaded
const pyEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };

// Where taskset exists, both timed sides are pinned to the same single core (V8's JIT and GC helper threads included):
// the last one (core 0 takes more of the machine's interrupts).
const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p));
const CORE = String(cpus().length - 1);
const pinned = (cmd, args) => (TASKSET ? [TASKSET, ['-c', CORE, cmd, ...args]] : [cmd, args]);
function runJson(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2])) : NaN;
};
const ref = join(here, 'reference/payne_fit_scipy.py');
const made = runJson(python, [ref, 'make', dir, String(Math.max(nSpectra, adamSpectra)), '1', '300'], pyEnv);
const chi2Of = (sol) => runJson(python, [ref, 'chi2', dir, sol], pyEnv);

// 1. LM (ours) vs scipy 'trf' (The Payne), alternating: ours with initBackend's default (the native OpenBLAS
//    accelerator when it is built, one OpenBLAS thread) and ours on plain wasm (ASTROEMU_NATIVE_BLAS=0)
const nativeBuilt = (() => {
  try {
    createRequire(import.meta.url)('../packages/native-blas/build/Release/native_blas.node');
    return true;
  } catch {
    return false;
  }
})();
const variants = {
  wasm: { ...process.env, ASTROEMU_NATIVE_BLAS: '0' },
  ...(nativeBuilt ? { native: { ...process.env, ASTROEMU_NATIVE_BLAS: '1', ASTROEMU_NATIVE_BLAS_THREADS: '1' } } : {}),
};
const runs = Object.fromEntries(
  Object.keys(variants).map((k) => [k, { seconds: [], cold: [], cpu: [], last: undefined }]),
);
const scipy = [];
const scipyCpu = [];
const load = [];
let scipyRun;
for (let r = 0; r < repeats; r++) {
  load.push(loadavg()[0]);
  for (const [name, env] of Object.entries(variants)) {
    const run = runJson(
      ...pinned(process.execPath, [
        join(here, 'lib/fitCase.mjs'),
        JSON.stringify({ dir, n: nSpectra, optimizer: 'lm', out: join(dir, `ours-${name}.json`) }),
      ]),
      env,
    );
    runs[name].seconds.push(run.seconds);
    runs[name].cold.push(run.cold_seconds);
    runs[name].cpu.push(run.cpu_seconds);
    runs[name].last = run;
  }
  scipyRun = runJson(...pinned(python, [ref, 'fit', dir, join(dir, 'scipy.json'), String(nSpectra)]), pyEnv);
  scipy.push(scipyRun.seconds);
  scipyCpu.push(scipyRun.cpu_seconds);
}
// the default configuration: what initBackend picks (the accelerator when built)
const main = nativeBuilt ? 'native' : 'wasm';
const oursRun = runs[main].last;
const ours = runs[main].seconds;
const oursCpu = runs[main].cpu;
const cOurs = chi2Of(join(dir, `ours-${main}.json`));
const cWasm = chi2Of(join(dir, 'ours-wasm.json'));
const cScipy = chi2Of(join(dir, 'scipy.json'));
const scipyRate = nSpectra / median(scipy);
const oursRate = nSpectra / median(ours);
const speedup = oursRate / scipyRate;
const wasmSpeedup = nSpectra / median(runs.wasm.seconds) / scipyRate;
const better = cOurs.chi2.filter((c, i) => c <= cScipy.chi2[i] + 1e-6 * Math.abs(cScipy.chi2[i])).length;
const dchi = cOurs.chi2.map((c, i) => c - cScipy.chi2[i]);
const lmEvals = median(oursRun.evaluations);

// 2. LM vs the paper's Adam protocol (10 starts; `adamSteps` steps measured, the schedule compressed to them;
//    evaluations and time extrapolated linearly to 2 000 steps), on the same network, `adamSpectra` spectra
const adamLoad = loadavg()[0];
const adam = runJson(process.execPath, [
  join(here, 'lib/fitCase.mjs'),
  JSON.stringify({ dir, n: adamSpectra, optimizer: 'adam', steps: adamSteps, starts: 10, out: join(dir, 'adam.json') }),
]);
const lmSmall = runJson(process.execPath, [
  join(here, 'lib/fitCase.mjs'),
  JSON.stringify({ dir, n: adamSpectra, optimizer: 'lm', out: join(dir, 'lm2.json') }),
]);
const cAdam = chi2Of(join(dir, 'adam.json'));
const cLm2 = chi2Of(join(dir, 'lm2.json'));
const stepRows = adamSteps * 10; // rows with gradient per spectrum in the Adam loop
const adamEvalsMeasured = median(adam.evaluations);
const adamEvals2000 = adamEvalsMeasured - stepRows + PAPER_STEPS * 10;
const lmEvals2 = median(lmSmall.evaluations);
const evalRatio = adamEvals2000 / lmEvals2;
const adamSecondsPerSpectrum = ((adam.seconds / adamSpectra) * PAPER_STEPS) / adamSteps;
const lmSecondsPerSpectrum = lmSmall.seconds / adamSpectra;

const figures = {
  payne_fit_speedup_vs_scipy: Number(speedup.toFixed(3)),
  payne_fit_native_blas: nativeBuilt,
  payne_fit_pinned_to_one_core: TASKSET !== undefined,
  payne_fit_cold_speedup_vs_scipy: Number((nSpectra / median(runs[main].cold) / scipyRate).toFixed(3)),
  payne_fit_speedup_vs_scipy_wasm: Number(wasmSpeedup.toFixed(3)),
  payne_fit_speedup_vs_scipy_native: nativeBuilt ? Number(speedup.toFixed(3)) : null,
  payne_fit_wasm_median_delta_chi2_vs_scipy: Number(median(cWasm.chi2.map((c, i) => c - cScipy.chi2[i])).toFixed(3)),
  payne_fit_spectra_per_s: Number(oursRate.toFixed(3)),
  payne_fit_scipy_spectra_per_s: Number(scipyRate.toFixed(3)),
  payne_fit_median_chi2: Number(median(cOurs.chi2).toFixed(2)),
  payne_fit_scipy_median_chi2: Number(median(cScipy.chi2).toFixed(2)),
  payne_fit_median_delta_chi2_vs_scipy: Number(median(dchi).toFixed(3)),
  payne_fit_evaluations_per_spectrum: lmEvals,
  payne_fit_scipy_evaluations_per_spectrum: median(scipyRun.evaluations),
  payne_fit_spectra_better_or_equal_chi2: better,
  payne_fit_cpu_seconds: Number(median(oursCpu).toFixed(2)),
  payne_fit_scipy_cpu_seconds: Number(median(scipyCpu).toFixed(2)),
  payne_fit_cpu_speedup_vs_scipy: Number((median(scipyCpu) / median(oursCpu)).toFixed(3)),
  payne_fit_load_avg: Number(median(load).toFixed(1)),
  payne_fit_peak_rss_mb: Math.round(oursRun.maxrss_kb / 1024),
  lm_vs_adam_evaluation_ratio: Number(evalRatio.toFixed(1)),
  adam_evaluations_per_spectrum_2000_steps: adamEvals2000,
  lm_evaluations_per_spectrum: lmEvals2,
  adam_seconds_per_spectrum_2000_steps: Number(adamSecondsPerSpectrum.toFixed(1)),
  lm_seconds_per_spectrum: Number(lmSecondsPerSpectrum.toFixed(2)),
  adam_median_chi2_measured_steps: Number(median(cAdam.chi2).toFixed(2)),
  lm_median_chi2_adam_case: Number(median(cLm2.chi2).toFixed(2)),
};
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const oursLabel = `${nativeBuilt ? 'wasm + native OpenBLAS, 1 thread (the default when built)' : 'wasm, 1 thread'}${TASKSET ? '; both sides pinned to one core' : ''}`;
console.log(
  `| fitting: The Payne 25 labels + RV, ${made.pixels} px, 2 × ${made.hidden} hidden (ours: fitSpectra LM, ${oursLabel}, all spectra in one call; scipy: The Payne's curve_fit 'trf', 1 thread, one after the other) | ours | scipy | ratio ours/scipy |`,
);
console.log('|---|---:|---:|---:|');
console.log(
  `| ${nSpectra} spectra, S/N 100: wall time [s] (median of ${repeats}; load avg ${load.map((l) => l.toFixed(1)).join(', ')}; CPU time in brackets) | ${f(median(ours))} (${f(median(oursCpu))}) | ${f(median(scipy))} (${f(median(scipyCpu))}) | CPU ratio ${f(median(scipyCpu) / median(oursCpu))} |`,
);
console.log(`| spectra/s | ${f(oursRate, 3)} | ${f(scipyRate, 3)} | **${f(speedup)}** |`);
console.log(
  `| spectra/s of the first (cold) call in each process (JIT warming; wall times ${runs[main].cold.map((x) => f(x)).join(', ')} s) | ${f(nSpectra / median(runs[main].cold), 3)} | ${f(scipyRate, 3)} | ${f(nSpectra / median(runs[main].cold) / scipyRate)} |`,
);
if (nativeBuilt)
  console.log(
    `| spectra/s, ours on plain wasm (ASTROEMU_NATIVE_BLAS=0; wall times ${runs.wasm.seconds.map((x) => f(x)).join(', ')} s) | ${f(nSpectra / median(runs.wasm.seconds), 3)} | ${f(scipyRate, 3)} | **${f(wasmSpeedup)}** |`,
  );
console.log(
  `| median χ² (float64 numpy model, ${cOurs.pixels} px; truth ${f(median(cOurs.chi2_truth), 1)}) | ${f(median(cOurs.chi2), 2)} | ${f(median(cScipy.chi2), 2)} | median Δχ² ${f(median(dchi), 3)}; ours ≤ scipy on ${better}/${nSpectra} |`,
);
console.log(
  `| emulator rows per spectrum (median; max) | ${lmEvals}; ${Math.max(...oursRun.evaluations)} | ${median(scipyRun.evaluations)}; ${Math.max(...scipyRun.evaluations)} | ${f(lmEvals / median(scipyRun.evaluations))} |`,
);
console.log(`| peak RSS [MB] | ${Math.round(oursRun.maxrss_kb / 1024)} | ${Math.round(scipyRun.maxrss_kb / 1024)} | |`);
console.log('');
console.log(
  `| LM vs the paper's Adam protocol (${adamSpectra} spectra, same network; Adam: 10 starts, measured ${adamSteps} steps with the schedule compressed, extrapolated linearly to ${PAPER_STEPS}; load avg ${adamLoad.toFixed(1)}) | LM | Adam | Adam/LM |`,
);
console.log('|---|---:|---:|---:|');
console.log(
  `| emulator rows per spectrum (Adam: 10 starts × ${PAPER_STEPS} rows with gradient, ≈ 3 × a forward row each, + the final σ) | ${lmEvals2} | ${adamEvals2000} (measured ${adamEvalsMeasured}) | **${f(evalRatio, 1)}** |`,
);
console.log(
  `| wall time per spectrum [s] | ${f(lmSecondsPerSpectrum)} | ${f(adamSecondsPerSpectrum, 1)} (measured ${f(adam.seconds / adamSpectra, 1)}) | ${f(adamSecondsPerSpectrum / lmSecondsPerSpectrum, 1)} |`,
);
console.log(
  `| median χ² (float64 numpy model; Adam after ${adamSteps} steps) | ${f(median(cLm2.chi2))} | ${f(median(cAdam.chi2))} | |`,
);
console.log('BENCH_JSON ' + JSON.stringify(figures));
rmSync(dir, { recursive: true, force: true });
