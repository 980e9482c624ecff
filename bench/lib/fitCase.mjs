// One timed fitSpectra case in its own process (so that its peak RSS is its own):
//   node bench/lib/fitCase.mjs '{"dir":DIR,"n":32,"optimizer":"lm"|"adam","steps":2000,"starts":10,"out":FILE}'
// Imports The Payne .npz of DIR (bench/reference/payne_fit_scipy.py make) with @astroemu/payne importPayneNpz, fits the
// first n spectra of DIR/spectra.npz in ONE fitSpectra call (25 labels + RV in ±5 km/s, no continuum: The Payne's
// problem), the same call 7 times ("calls"): seconds = the median of the calls after the first three (steady state),
// cold_seconds = the first. The backend is initBackend's default for wasm: the native OpenBLAS
// accelerator when it is built, unless ASTROEMU_NATIVE_BLAS=0. Writes the solutions (scaled labels, RV) to `out` and
// prints one JSON line {seconds, cpu_seconds, evaluations: [...], chi2: [...], iterations, flags, maxrss_kb,
// native_blas (whether the accelerator ran)}. "options" (optional) is
// merged into fitSpectra's options (e.g. {"lm": {"secantSteps": 0}}) for experiments.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostBlas, initBackend } from '@astroemu/backend';
import { parseNpz } from '@astroemu/grid-io';
import { importPayneNpz } from '@astroemu/payne';
import { fitSpectra } from '@astroemu/inference';

const opt = JSON.parse(process.argv[2]);
await initBackend({ backend: 'wasm' });
const GRID = '/work/shared/external/the_payne/apogee_wavelength.npz';
const emulator = await importPayneNpz(join(opt.dir, 'payne_apogee.npz'), GRID);
const s = parseNpz(readFileSync(join(opt.dir, 'spectra.npz')));
const [N, M] = s.flux.shape;
const n = Math.min(opt.n ?? N, N);
const wavelength = Float64Array.from(s.wavelength.data);
const spectra = Array.from({ length: n }, (_, i) => ({
  wavelength,
  flux: Float64Array.from(s.flux.data.subarray(i * M, (i + 1) * M)),
  ivar: Float64Array.from(s.sigma.data.subarray(i * M, (i + 1) * M), (x) => 1 / (x * x)),
  mask: Int32Array.from(s.mask.data.subarray(i * M, (i + 1) * M)),
}));
const options = {
  rv: { min: -5, max: 5 },
  optimizer: opt.optimizer ?? 'lm',
  ...(opt.optimizer === 'adam' ? { starts: opt.starts ?? 10, adam: { steps: opt.steps ?? 2000 } } : {}),
  seed: 1,
  ...(opt.options ?? {}),
};
// LM: the same call `calls` times (default 7) in this process. The first (cold: JIT of the host loops, heap growth)
// is reported as cold_seconds; seconds and cpu_seconds are the medians of the calls after the first three (the steady
// state of a survey-scale run, many batches in one process). Adam: a 5-step warm-up on 1 spectrum, then one call.
const calls = opt.optimizer === 'adam' ? 1 : Math.max(4, opt.calls ?? 7);
if (opt.optimizer === 'adam') fitSpectra(emulator, spectra.slice(0, 1), { ...options, adam: { steps: 5 } });
const wall = [];
const cpu = [];
let res;
for (let k = 0; k < calls; k++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  res = fitSpectra(emulator, spectra, options);
  wall.push((performance.now() - t0) / 1000);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e6);
}
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
};
const steady = (xs) => (xs.length > 3 ? xs.slice(3) : xs);
const coldSeconds = wall[0];
const seconds = median(steady(wall));
const labels = emulator.labels;
const sol = {
  labels_scaled: res.map((r) =>
    labels.map((l) => (Number.isFinite(r.labels[l.name]) ? (r.labels[l.name] - l.min) / (l.max - l.min) - 0.5 : null)),
  ),
  rv: res.map((r) => (Number.isFinite(r.rv) ? r.rv : null)),
};
if (opt.out) writeFileSync(opt.out, JSON.stringify(sol));
console.log(
  JSON.stringify({
    seconds,
    cold_seconds: coldSeconds,
    cpu_seconds: median(steady(cpu)),
    calls: wall,
    evaluations: res.map((r) => r.emulatorEvaluations),
    chi2: res.map((r) => r.chi2),
    iterations: res.map((r) => r.iterations),
    flags: res.map((r) => r.flags.join(',')),
    errors: res
      .filter((r) => r.error)
      .map((r) => r.error)
      .slice(0, 3),
    maxrss_kb: process.resourceUsage().maxRSS,
    native_blas: hostBlas() !== undefined,
  }),
);
