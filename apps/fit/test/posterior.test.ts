import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { tableFromIPC } from 'apache-arrow';
import { saveEmulator } from '@astroemu/emulator-core';
import { writeGrid } from '@astroemu/grid-io';
import { createPayne } from '@astroemu/payne';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppIo } from '../src/appIo';
import { posteriorMain } from '../src/posteriorCommand';

const LABELS = [
  { name: 'Teff', min: 4000, max: 6000 },
  { name: 'logg', min: 4, max: 5 },
];
const truths = [
  [4500, 4.3],
  [5200, 4.6],
  [5700, 4.8],
];
let root: string;
let bundle: string;
let grid: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'fit-posterior-'));
  const fixed = Float64Array.from({ length: 301 }, (_, i) => 5000 + 0.1 * i);
  const payne = createPayne({ preset: 'small', hidden: [16, 16], labels: LABELS, wavelength: fixed, seed: 4 });
  bundle = join(root, 'bundle');
  // residual bands stored in the bundle: a flat 0.002 emulator error
  const bands = {
    percentiles: [16, 50, 84],
    values: [-0.002, 0, 0.002].map((v) => new Float64Array(301).fill(v)),
    wavelength: fixed,
  };
  await saveEmulator(bundle, payne, { residualBands: bands });
  const obs = fixed.slice(20, 281); // observed on a sub-range of the emulator's pixels, rest frame
  const flux = tf.tidy(() => payne.predict(tf.tensor2d(truths)).dataSync() as Float32Array);
  let s = 3;
  const g = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5) * Math.sqrt(12);
  const obsFlux = Float32Array.from(
    { length: 3 * obs.length },
    (_, i) => flux[Math.floor(i / obs.length) * 301 + 20 + (i % obs.length)]! + 0.005 * g(),
  );
  grid = join(root, 'obs.parquet');
  await writeGrid(grid, {
    labelNames: ['Teff', 'logg'],
    labels: Float32Array.from(truths.flat()),
    wavelength: obs,
    flux: obsFlux,
    ivar: new Float32Array(3 * obs.length).fill(1 / 0.005 ** 2),
    meta: {},
  });
  payne.dispose();
});
afterAll(() => rm(root, { recursive: true, force: true }));

it('astroemu-fit --posterior writes summaries, draws and corner plots; intervals contain the truth', async () => {
  const err: string[] = [];
  const io: AppIo = { out: () => {}, err: (l) => err.push(l), progress: false };
  const out = join(root, 'post');
  const code = await posteriorMain(
    [
      '--posterior',
      '--emulator',
      bundle,
      '--spectra',
      grid,
      '--out',
      out,
      '--warmup',
      '150',
      '--draws',
      '150',
      '--chains',
      '2',
      '--thin',
      '3',
      '--corner',
      join(root, 'corner'),
      '--backend',
      'cpu',
    ],
    io,
  );
  expect(code, err.join('\n')).toBe(0);
  expect(err.join('\n')).not.toMatch(/no residual bands/);
  const csv = (await readFile(`${out}.summary.csv`, 'utf8')).trim().split('\n');
  expect(csv[0]).toMatch(/^id,Teff_median,Teff_p16,Teff_p84,Teff_sd,Teff_rhat/);
  expect(csv).toHaveLength(4);
  const json = JSON.parse(await readFile(`${out}.summary.json`, 'utf8'));
  json.forEach((s: { labels: { p2_5: number; p97_5: number; median: number }[]; covariance: number[] }, b: number) => {
    expect(s.covariance).toHaveLength(4);
    // the 95 % interval (widened by 1 % of the box for the Monte-Carlo error of its ends) contains the truth
    s.labels.forEach((l, k) => {
      const pad = 0.01 * (LABELS[k]!.max - LABELS[k]!.min);
      expect(truths[b]![k]!).toBeGreaterThan(l.p2_5 - pad);
      expect(truths[b]![k]!).toBeLessThan(l.p97_5 + pad);
    });
  });
  const table = tableFromIPC(await readFile(`${out}.draws.arrow`));
  expect(table.numRows).toBe(3 * 2 * 50);
  await access(join(root, 'corner', 'corner-2.png'));
  // bad arguments: exit code 2 with the argument named
  expect(
    await posteriorMain(
      ['--posterior', '--emulator', bundle, '--spectra', grid, '--out', out, '--labels', 'Teff,Mg'],
      io,
    ),
  ).toBe(2);
  expect(err.at(-1)).toMatch(/--labels.*unknown label 'Mg'/);
});
