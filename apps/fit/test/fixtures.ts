import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { saveEmulator } from '@astroemu/emulator-core';
import {
  dopplerFactor,
  interpolateLinear,
  spectrumImageHdu,
  spectrumTableHdu,
  writeFits,
  writeGrid,
} from '@astroemu/grid-io';
import { createPayne } from '@astroemu/payne';
import { mulberry32 } from '@astroemu/random';

export const LABELS = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', min: 4, max: 5 },
  { name: 'Fe', min: -2, max: 1 },
];
export const SIGMA = 0.01; // noise per pixel: S/N 100
const OBS = { start: 5002, step: 0.05, n: 521 }; // 5002–5028 Å inside the emulator's 5000–5030 Å at |rv| ≤ 100 km/s

export interface Truth {
  id: string;
  labels: number[];
  rv: number;
}

function gaussian(seed: number): () => number {
  const draw = mulberry32(seed);
  const u = () => draw() + 2 ** -33; // (x + 0.5) / 2^32: never 0, so log(u) is finite
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Weights that make a small Payne spectrum look like a stellar one: the output layer is 40 Gaussian
 * absorption lines (σ = 0.12 Å) whose depths are mixtures of the 8 hidden units, over a continuum
 * of sigmoid(4) ≈ 0.98; the hidden layers are seeded random. (A randomly initialised Payne gives
 * pixel-to-pixel noise, which no cross-correlation can find an rv in.)
 */
export function lineWeights(
  wavelength: Float64Array,
  o: { bias?: number; depth?: number } = {},
): Map<string, tf.Tensor> {
  const rand = gaussian(11);
  const H = 8;
  const M = wavelength.length;
  const normal = (n: number, s: number) => Float32Array.from({ length: n }, () => s * rand());
  const out = new Float32Array(H * M);
  for (let line = 0; line < 40; line++) {
    const centre = 5000.5 + 29 * ((line * 0.618034) % 1);
    const mix = normal(H, 1.5);
    for (let m = 0; m < M; m++) {
      const g = Math.exp(-0.5 * ((wavelength[m]! - centre) / 0.12) ** 2);
      if (g < 1e-4) continue;
      for (let j = 0; j < H; j++) out[j * M + m] -= (o.depth ?? 1) * mix[j]! * g;
    }
  }
  return new Map<string, tf.Tensor>([
    ['input/kernel', tf.tensor2d(normal(LABELS.length * H, 2), [LABELS.length, H])],
    ['input/bias', tf.tensor1d(normal(H, 0.3))],
    ['hidden/0/kernel', tf.tensor2d(normal(H * H, 0.6), [H, H])],
    ['hidden/0/bias', tf.tensor1d(normal(H, 0.3))],
    ['output/kernel', tf.tensor2d(out, [H, M])],
    ['output/bias', tf.tensor1d(new Float32Array(M).fill(o.bias ?? 4))],
  ]);
}

/**
 * A tiny Payne bundle (2 × 8 hidden, line-like output weights, 601 pixels over 5000–5030 Å, 3 labels) and noisy
 * observed spectra from it with known labels and rv: 3 FITS images (one gzipped), 1 FITS table with
 * IVAR, a Parquet grid of 3 spectra, and two bad files (all-NaN flux; 6000 Å, outside the emulator).
 */
export async function makeFixtures(
  root: string,
): Promise<{ bundle: string; fits: string[]; grid: string; bad: string[]; truths: Truth[] }> {
  const fixed = Float64Array.from({ length: 601 }, (_, i) => 5000 + 0.05 * i);
  const payne = createPayne({
    preset: 'small',
    hidden: [8, 8],
    labels: LABELS,
    wavelength: fixed,
    medium: 'air',
    weights: lineWeights(fixed),
  });
  const bundle = join(root, 'bundle');
  await saveEmulator(bundle, payne);
  const obs = Float64Array.from({ length: OBS.n }, (_, i) => OBS.start + OBS.step * i);
  const noise = gaussian(7);
  const observe = (labels: number[], rv: number): Float32Array => {
    const rest = tf.tidy(() => payne.predict(tf.tensor2d([labels])).dataSync());
    const f = interpolateLinear(
      obs.map((w) => w / dopplerFactor(rv)),
      fixed,
      rest,
    );
    return Float32Array.from(f, (x) => x + SIGMA * noise());
  };
  const truths: Truth[] = [];
  const draw = (k: number): [number[], number] => [[4300 + 230 * k, 4.15 + 0.1 * k, -1.7 + 0.4 * k], -40 + 13 * k];
  const fits: string[] = [];
  for (let k = 0; k < 4; k++) {
    const [labels, rv] = draw(k);
    const flux = observe(labels, rv);
    let bytes: Uint8Array;
    if (k === 3)
      bytes = writeFits([
        spectrumTableHdu({ wavelength: obs, flux, ivar: new Float32Array(OBS.n).fill(1 / SIGMA ** 2), medium: 'air' }),
      ]);
    else
      bytes = writeFits([spectrumImageHdu({ flux, wavelength: { start: OBS.start, step: OBS.step }, medium: 'air' })]);
    const path = join(root, k === 1 ? `star${k}.fits.gz` : `star${k}.fits`);
    await writeFile(path, k === 1 ? gzipSync(bytes) : bytes);
    fits.push(path);
    truths.push({ id: path, labels, rv });
  }
  const gridLabels: number[] = [];
  const gridFlux: number[] = [];
  for (let k = 4; k < 7; k++) {
    const [labels, rv] = draw(k);
    gridLabels.push(...labels);
    gridFlux.push(...observe(labels, rv));
    truths.push({ id: `obs.parquet#${k - 4}`, labels, rv });
  }
  const grid = join(root, 'obs.parquet');
  await writeGrid(grid, {
    labelNames: LABELS.map((l) => l.name),
    labels: Float32Array.from(gridLabels),
    wavelength: obs,
    flux: Float32Array.from(gridFlux),
    ivar: new Float32Array(3 * OBS.n).fill(1 / SIGMA ** 2),
    meta: { medium: 'air' },
  });
  const nan = join(root, 'nan.fits');
  await writeFile(
    nan,
    writeFits([
      spectrumImageHdu({
        flux: new Float32Array(OBS.n).fill(NaN),
        wavelength: { start: OBS.start, step: OBS.step },
        medium: 'air',
      }),
    ]),
  );
  const far = join(root, 'far.fits');
  await writeFile(
    far,
    writeFits([
      spectrumImageHdu({
        flux: new Float32Array(OBS.n).fill(1),
        wavelength: { start: 6000, step: OBS.step },
        medium: 'air',
      }),
    ]),
  );
  payne.dispose();
  return { bundle, fits, grid, bad: [nan, far], truths };
}
