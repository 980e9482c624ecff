#!/usr/bin/env node
// Long training run that records validation MAE against the process's CPU time (process.cpuUsage: user + sys),
// for docs/experiments.md (issue 17). Uses the built packages (npm run build first).
//
//   nice -n 10 node scripts/train-curve.mjs --model tp-small --grid r20k --cpu 3600 --out runs/long/tp-small-r20k
//   nice -n 10 node scripts/train-curve.mjs --model payne --grid few --cpu 900 --out runs/long/payne-few
//
// --grid r20k: @astroemu/synth 'train' grid, R = 20 000, 5000–5100 Å (397 px, 100 labels), validation from synth's
//   'validation' stream. --grid few: the same synthesizer with only Teff, logg, [Fe/H], [α/Fe] free (He solar,
//   every [X/H] = [Fe/H], α elements O Ne Mg Si S Ar Ca Ti at [Fe/H] + [α/Fe]; Teff 4000–6000, logg 4–5,
//   [Fe/H] −1…0.5, [α/Fe] −0.2…0.6), uniform random labels (seeded).
// --schedule wsd: warm-up (5 %), stable, linear decay over the last 20 %; --ema β: validate (and keep) the EMA weights;
// --workers n: data-parallel threads. The default schedule is warm-up (5 %) + cosine over a number of steps fixed from the CPU budget: 10 steps of a probe
// model are timed (CPU) and steps = budget / CPU per step. --deadline HH:MM (UTC) stops the run earlier (the best weights so
// far are kept and logged).
import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { createPayne } from '@astroemu/payne';
import { createTransformerPayne } from '@astroemu/transformer-payne';
import { makeGrid, synthesizerFor, labelVector, LABEL_NAMES } from '@astroemu/synth';
import { inMemorySource, trainEmulator } from '@astroemu/training';

const { values: a } = parseArgs({
  options: {
    model: { type: 'string', default: 'tp-small' },
    grid: { type: 'string', default: 'r20k' },
    cpu: { type: 'string', default: '3600' },
    steps: { type: 'string' },
    'n-train': { type: 'string', default: '2000' },
    'n-val': { type: 'string', default: '128' },
    batch: { type: 'string', default: '16' },
    k: { type: 'string', default: '0' },
    lr: { type: 'string' },
    'validate-every': { type: 'string', default: '100' },
    deadline: { type: 'string' },
    schedule: { type: 'string', default: 'cosine' },
    ema: { type: 'string' },
    workers: { type: 'string', default: '1' },
    seed: { type: 'string', default: '0' },
    out: { type: 'string', default: 'runs/long/run' },
  },
});
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const cpu0 = cpuSeconds();
await initBackend({ backend: 'wasm' });
mkdirSync(a.out, { recursive: true });
const log = join(a.out, 'curve.jsonl');
writeFileSync(log, '');
const nTrain = Number(a['n-train']);
const nVal = Number(a['n-val']);
const seed = Number(a.seed);
const synthOpts = { R: 20_000, lambdaMin: 5000, lambdaMax: 5100 };

function mulberry32(s) {
  return () => {
    s |= 0;
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHA = ['O', 'Ne', 'Mg', 'Si', 'S', 'Ar', 'Ca', 'Ti'];
const FEW = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', unit: 'dex', min: 4.0, max: 5.0 },
  { name: 'FeH', unit: 'dex', min: -1, max: 0.5 },
  { name: 'alphaFe', unit: 'dex', min: -0.2, max: 0.6 },
];

function fewGrid(n, streamSeed) {
  const synth = synthesizerFor(synthOpts);
  const M = synth.wavelength.length;
  const rand = mulberry32(streamSeed);
  const labels = new Float32Array(n * FEW.length);
  const flux = new Float32Array(n * M);
  for (let i = 0; i < n; i++) {
    const v = FEW.map((s) => Math.fround(s.min + (s.max - s.min) * rand()));
    labels.set(v, i * FEW.length);
    const [Teff, logg, feh, afe] = v;
    const full = labelVector({
      Teff,
      logg,
      metallicity: feh,
      abundances: Object.fromEntries(ALPHA.map((e) => [e, feh + afe])),
    });
    synth.synthesize(full, flux.subarray(i * M, (i + 1) * M));
  }
  return {
    source: inMemorySource({ labelNames: FEW.map((s) => s.name), labels, wavelength: synth.wavelength, flux }),
    specs: FEW,
    wavelength: synth.wavelength,
  };
}

async function synthGrid(kind, n) {
  const g = makeGrid({ kind, n, seed, ...synthOpts });
  const b = g.batch(Array.from({ length: n }, (_, i) => i));
  return {
    source: inMemorySource({ labelNames: g.labelNames, labels: b.labels, wavelength: g.wavelength, flux: b.flux }),
    specs: g.labelSpecs.map((s) => ({ ...s })),
    wavelength: g.wavelength,
  };
}

const train = a.grid === 'few' ? fewGrid(nTrain, 1000 + seed) : await synthGrid('train', nTrain);
const val = a.grid === 'few' ? fewGrid(nVal, 2000 + seed) : await synthGrid('validation', nVal);
const wl = train.wavelength;
const M = wl.length;
const span = Math.log10(wl[M - 1] / wl[0]);
let step = Infinity;
for (let i = 1; i < M; i++) step = Math.min(step, Math.log10(wl[i] / wl[i - 1]));
const tpArch = { minPeriod: 2 * step, maxPeriod: 4 * span };
const makeModel = () => {
  if (a.model === 'payne')
    return createPayne({ preset: 'payne', labels: train.specs, wavelength: wl, medium: 'air', seed });
  const preset = a.model === 'tp-tiny' ? 'tiny' : 'small';
  return createTransformerPayne({
    preset,
    labels: train.specs,
    wavelengthRange: { min: wl[0], max: wl[M - 1], medium: 'air' },
    architecture: tpArch,
    seed,
  });
};
const lr = Number(a.lr ?? (a.model === 'payne' ? 3e-3 : a.model === 'tp-tiny' ? 1e-2 : 3e-3));
const K = Number(a.k) || M;
const batchSize = Number(a.batch);
const common = { train: train.source, batchSize, wavelengthsPerSpectrum: K, seed };

// probe: CPU per step over steps 6–15 on a throw-away model (the first ones include compilation and warm-up);
// --steps n skips it and trains exactly n steps
let perStep = Number.NaN;
let steps = Number(a.steps);
if (!a.steps) {
  const probe = makeModel();
  let p0 = 0;
  await trainEmulator(probe, {
    ...common,
    steps: 15,
    learningRate: lr,
    saveBest: false,
    onProgress: (e) => {
      if (e.type === 'step' && e.step === 5) p0 = cpuSeconds();
    },
  });
  perStep = (cpuSeconds() - p0) / 10;
  probe.dispose();
  const budget = Number(a.cpu) - (cpuSeconds() - cpu0);
  steps = Math.max(50, Math.floor(budget / (perStep * 1.08))); // ≈ 8 % for validation
}
const emulator = makeModel();
const header = {
  schedule: a.schedule,
  ema: a.ema ?? null,
  workers: Number(a.workers),
  model: a.model,
  grid: a.grid,
  M,
  K,
  batchSize,
  nTrain,
  nVal,
  lr,
  steps,
  cpuPerStep: perStep,
  parameters: emulator.parameterCount?.(),
  labels: train.specs.map((s) => s.name),
};
console.error(JSON.stringify(header));
appendFileSync(log, `${JSON.stringify({ header })}\n`);
const controller = new AbortController();
if (a.deadline) {
  const [hh, mm] = a.deadline.split(':').map(Number);
  const d = new Date();
  d.setUTCHours(hh, mm, 0, 0);
  const wait = d.getTime() - Date.now();
  setTimeout(() => controller.abort(), Math.max(0, wait)).unref();
}
const validateEvery = Number(a['validate-every']);
const result = await trainEmulator(emulator, {
  ...common,
  validation: val.source,
  steps,
  validateEvery,
  checkpointDir: a.out,
  checkpointEvery: steps,
  schedule:
    a.schedule === 'wsd'
      ? { kind: 'warmupStableDecay', peak: lr, totalSteps: steps, warmupFraction: 0.05, decayFraction: 0.2 }
      : { kind: 'warmupCosine', peak: lr, totalSteps: steps, warmupFraction: 0.05 },
  ...(a.ema ? { ema: Number(a.ema) } : {}),
  workers: Number(a.workers),
  signal: controller.signal,
  restoreBest: 'mae',
  onProgress: (e) => {
    if (e.type === 'validation') {
      const row = {
        step: e.step,
        cpu_s: +(cpuSeconds() - cpu0).toFixed(1),
        wall: new Date().toISOString(),
        ...e.metrics,
      };
      appendFileSync(log, `${JSON.stringify(row)}\n`);
      console.error(JSON.stringify(row));
    }
  },
}).catch((e) => {
  console.error(e);
  return null;
});
const summary = {
  done: true,
  stopped: result?.stopped,
  step: result?.step,
  best: result?.best,
  cpu_s: cpuSeconds() - cpu0,
  tensors: tf.memory().numTensors,
};
appendFileSync(log, `${JSON.stringify(summary)}\n`);
console.error(JSON.stringify(summary));
