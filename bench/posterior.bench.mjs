// Benchmark: posterior sampling efficiency, ESS per second per spectrum, for @astroemu/posterior's NUTS and ensemble
// sampler vs a numpy reference stretch-move sampler (bench/reference/posterior_stretch.py) on the SAME emulator (a
// small Payne, 3 labels → 256 pixels, saved as a bundle that numpy reads) and the SAME target (uniform box priors,
// Gaussian noise at S/N 100). ESS = rank-normalised bulk ESS (the package's essBulk, also applied to numpy's draws),
// the smallest over labels, averaged over spectra; "per second per spectrum" = Σ_spectra ESS / wall seconds.
// Imports the BUILT packages (npx turbo run build --filter=@astroemu/posterior --filter=@astroemu/payne).
// Usage: npm run bench -- --only posterior [--quick]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { saveEmulator } from '@astroemu/emulator-core';
import { createPayne } from '@astroemu/payne';
import { essBulk, samplePosterior } from '@astroemu/posterior';

const quick = process.argv.includes('--quick');
const python = process.env.PYTHON ?? 'python3';
await initBackend();
const B = quick ? 8 : 16;
const M = 256;
const labels = [
  { name: 'teff', min: 4000, max: 6000 },
  { name: 'logg', min: 4, max: 5 },
  { name: 'feh', min: -2, max: 1 },
];
const wavelength = Float64Array.from({ length: M }, (_, j) => 5000 + 0.1 * j);
const emulator = createPayne({ labels, wavelength, hidden: [64, 64], seed: 3 });
let s = 42;
const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
const g = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
const truths = Array.from({ length: B }, () => labels.map((l) => l.min + (0.25 + 0.5 * u()) * (l.max - l.min)));
const clean = tf.tidy(() => emulator.predict(tf.tensor2d(truths)).dataSync());
const sigma = 0.01;
const spectra = truths.map((_, b) => ({
  flux: Float64Array.from({ length: M }, (_, j) => clean[b * M + j] + sigma * g()),
  ivar: new Float64Array(M).fill(1 / sigma ** 2),
}));

const minEss = (perSpectrumChains) => perSpectrumChains.map((chains) => Math.min(...chains.map((c) => essBulk(c))));
/** chains[label] = Float64Array per chain, from [chains × draws × L] draws. */
function byLabel(values, chains, draws, L) {
  return Array.from({ length: L }, (_, l) =>
    Array.from({ length: chains }, (_, c) =>
      Float64Array.from({ length: draws }, (_, d) => values[(c * draws + d) * L + l]),
    ),
  );
}
const results = [];
function record(name, seconds, ess, extra) {
  const mean = ess.reduce((a, b) => a + b, 0) / ess.length;
  results.push({ name, seconds, mean, perSecond: ess.reduce((a, b) => a + b, 0) / seconds, extra });
}

// NUTS
const nutsDraws = quick ? 200 : 400;
let t0 = performance.now();
const nuts = samplePosterior({
  model: emulator,
  spectra,
  sampler: 'nuts',
  init: truths,
  chains: 4,
  warmup: quick ? 200 : 400,
  draws: nutsDraws,
  seed: 1,
});
const nutsSeconds = (performance.now() - t0) / 1000;
record(
  'NUTS (tfjs, batched, 4 chains)',
  nutsSeconds,
  minEss(nuts.samples.map((v) => byLabel(v, 4, nutsDraws, 3))),
  `${(nuts.stats.reduce((a, s) => a + s.stepsPerIteration, 0) / B) | 0} grad/iter, ${nuts.stats.reduce((a, s) => a + s.divergences, 0)} divergences`,
);

// ensemble (ours)
const W = 16;
const burn = quick ? 500 : 1000;
const ensDraws = quick ? 1000 : 2000;
t0 = performance.now();
const ens = samplePosterior({
  model: emulator,
  spectra,
  sampler: 'ensemble',
  init: truths,
  walkers: W,
  warmup: burn,
  draws: ensDraws,
  seed: 1,
});
const ensSeconds = (performance.now() - t0) / 1000;
record(
  `ensemble (tfjs, batched, ${W} walkers)`,
  ensSeconds,
  minEss(ens.samples.map((v) => byLabel(v, W, ensDraws, 3))),
  `acceptance ${(ens.stats.reduce((a, s) => a + s.acceptance, 0) / B).toFixed(2)}`,
);

// numpy reference: same walkers' starting points as ours
const dir = mkdtempSync(join(tmpdir(), 'posterior-bench-'));
try {
  await saveEmulator(join(dir, 'bundle'), emulator);
  const init = Array.from({ length: B }, (_, b) =>
    Array.from({ length: W }, (_, w) =>
      labels.map((l, k) => {
        const x = truths[b][k] + 0.01 * (l.max - l.min) * g();
        const p = (x - l.min) / (l.max - l.min);
        return Math.log(p / (1 - p));
      }),
    ),
  );
  writeFileSync(
    join(dir, 'in.json'),
    JSON.stringify({
      flux: spectra.map((x) => Array.from(x.flux)),
      ivar: spectra.map((x) => Array.from(x.ivar)),
      init,
      burn,
      draws: ensDraws,
      seed: 1,
    }),
  );
  const r = spawnSync(
    python,
    [
      join(import.meta.dirname, 'reference', 'posterior_stretch.py'),
      join(dir, 'bundle'),
      join(dir, 'in.json'),
      join(dir, 'out.f64'),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    },
  );
  if (r.status !== 0) throw new Error(`numpy reference failed: ${r.stderr}`);
  const py = JSON.parse(r.stdout.trim().split('\n').pop());
  const buf = readFileSync(join(dir, 'out.f64'));
  const v = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8); // [B, W, draws, L]
  const per = Array.from({ length: B }, (_, b) => v.subarray(b * W * ensDraws * 3, (b + 1) * W * ensDraws * 3));
  record(
    `numpy stretch move (reference, ${W} walkers, 1 thread)`,
    py.seconds,
    minEss(per.map((x) => byLabel(x, W, ensDraws, 3))),
    `acceptance ${py.acceptance.toFixed(2)}`,
  );
  // same posterior? medians of the first spectrum agree within a few MC errors (sanity, printed)
  const med = (vals, l) => {
    const a = Array.from({ length: vals.length / 3 }, (_, i) => vals[i * 3 + l]).sort((x, y) => x - y);
    return a[a.length >> 1];
  };
  console.log(
    `spectrum 0 medians — NUTS ${[0, 1, 2].map((l) => med(nuts.samples[0], l).toPrecision(5)).join(', ')}; ensemble ${[0, 1, 2].map((l) => med(ens.samples[0], l).toPrecision(5)).join(', ')}; numpy ${[0, 1, 2].map((l) => med(per[0], l).toPrecision(5)).join(', ')}; truth ${truths[0].map((x) => x.toPrecision(5)).join(', ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const ref = results[2].perSecond;
console.log(
  `| sampler (${B} spectra, Payne 3 → ${M} px, S/N 100) | wall s | min-label bulk ESS per spectrum | ESS/s per spectrum | × numpy | notes |`,
);
console.log('|---|---:|---:|---:|---:|---|');
for (const r of results)
  console.log(
    `| ${r.name} | ${r.seconds.toFixed(1)} | ${r.mean.toFixed(0)} | ${r.perSecond.toFixed(1)} | ${(r.perSecond / ref).toFixed(2)} | ${r.extra} |`,
  );
console.log(
  'BENCH_JSON ' +
    JSON.stringify({
      posterior_nuts_ess_per_s: Number(results[0].perSecond.toFixed(2)),
      posterior_ensemble_ess_per_s: Number(results[1].perSecond.toFixed(2)),
      posterior_numpy_ess_per_s: Number(ref.toFixed(2)),
      posterior_nuts_vs_numpy: Number((results[0].perSecond / ref).toFixed(2)),
      posterior_ensemble_vs_numpy: Number((results[1].perSecond / ref).toFixed(2)),
    }),
);
