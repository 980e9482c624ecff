import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveEmulator } from '@astroemu/emulator-core';
import { broadenGaussian, broadenRotational, spectrumTableHdu, writeFits } from '@astroemu/grid-io';
import { fitSpectra } from '@astroemu/inference';
import { createPayne } from '@astroemu/payne';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppIo } from '../src/appIo';
import { loadBundle } from '../src/loadBundle';
import { main } from '../src/main';
import { modelFlux } from '@astroemu/emulators';
import { readResults } from '../src/resultsFile';
import type { ResultRow } from '../src/resultsTable';
import { LABELS, lineWeights } from './fixtures';

function captureIo(): AppIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: false };
}

function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

// A small Payne whose continuum is 1 to 1e-4 (output bias 9, deeper line weights), observed at rv = 0 on its own
// 5000–5030 Å grid (rv fixed, so every pixel is usable): the options' effects are on the flux, not on the pixels.
const TRUTH = [5150, 4.45, -0.6];
const SIGMA = 0.01;
let root: string;
let bundle: string;
let wavelength: Float64Array;
let clean: Float64Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'fit-options-'));
  wavelength = Float64Array.from({ length: 601 }, (_, i) => 5000 + 0.05 * i);
  const payne = createPayne({
    preset: 'small',
    hidden: [8, 8],
    labels: LABELS,
    wavelength,
    weights: lineWeights(wavelength, { bias: 9, depth: 6 }),
  });
  bundle = join(root, 'bundle');
  await saveEmulator(bundle, payne);
  clean = Float64Array.from(tf.tidy(() => payne.predict(tf.tensor2d([TRUTH])).dataSync()));
  payne.dispose();
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Writes a FITS table spectrum: flux = f(clean) + noise of σ = SIGMA·noiseScale, ivar = 1/SIGMA² (what the file claims). */
async function spectrum(name: string, flux: Float64Array, seed: number, noiseScale = 1): Promise<string> {
  const noise = gaussian(seed);
  const f = Float32Array.from(flux, (x) => x + SIGMA * noiseScale * noise());
  const path = join(root, `${name}.fits`);
  await writeFile(
    path,
    writeFits([
      spectrumTableHdu({
        wavelength,
        medium: 'vacuum',
        flux: f,
        ivar: new Float32Array(f.length).fill(1 / SIGMA ** 2),
      }),
    ]),
  );
  return path;
}

async function fit(path: string, extra: string[]): Promise<ResultRow> {
  const io = captureIo();
  const out = join(root, `out-${Math.random().toString(36).slice(2)}.csv`);
  const code = await main(
    [
      '--emulator',
      bundle,
      '--spectra',
      path,
      '--labels',
      'Teff,logg,Fe',
      '--out',
      out,
      '--candidates',
      '0',
      '--backend',
      'cpu',
      ...extra,
    ],
    io,
  );
  expect(code, io.stderr.join('\n')).toBe(0);
  const row = (await readResults(out)).rows[0]!;
  console.log(
    `${extra.join(' ')}: red χ² ${(row.reduced_chi2 as number).toFixed(2)} Teff ${(row.Teff as number).toFixed(1)} ± ${(row.Teff_err as number).toFixed(1)} Fe ${(row.Fe as number).toFixed(3)} ± ${(row.Fe_err as number).toFixed(3)} flags ${row.flags}`,
  );
  return row;
}

function within3Sigma(r: ResultRow): void {
  expect(r.flags, String(r.notes)).not.toMatch(/error|not-converged/);
  LABELS.forEach((l, i) =>
    expect(Math.abs((r[l.name] as number) - TRUTH[i]!), `${l.name} ${r[l.name]} ± ${r[`${l.name}_err`]}`).toBeLessThan(
      3 * (r[`${l.name}_err`] as number),
    ),
  );
}

const x = (w: number) => (2 * (w - 5000)) / 30 - 1;

describe('astroemu-fit options act on the fit', () => {
  it('--normalize chebyshev divides out a smooth continuum the model does not have', async () => {
    const path = await spectrum(
      'cont',
      Float64Array.from(clean, (f, i) => f * (1.3 + 0.1 * x(wavelength[i]!) - 0.05 * x(wavelength[i]!) ** 2)),
      1,
    );
    const raw = await fit(path, []);
    expect(raw.reduced_chi2 as number).toBeGreaterThan(10);
    expect(raw.flags).toMatch(/poor-chi2/);
    const norm = await fit(path, ['--normalize', 'chebyshev']);
    expect(norm.reduced_chi2 as number).toBeLessThan(1.5);
    within3Sigma(norm);
  });

  it('--segments: one continuum polynomial per segment, and only the pixels inside them', async () => {
    // two halves at different continuum levels (a chip gap): one polynomial across both fails, one per segment fits
    const path = await spectrum(
      'chips',
      Float64Array.from(clean, (f, i) => f * (wavelength[i]! < 5015 ? 0.9 : 1.15)),
      2,
    );
    const one = await fit(path, ['--continuum', '1']);
    expect(one.reduced_chi2 as number).toBeGreaterThan(10);
    const two = await fit(path, ['--continuum', '1', '--segments', '5000:5014.9,5015:5030']);
    expect(two.reduced_chi2 as number).toBeLessThan(1.5);
    expect(two.pixels_used).toBe(wavelength.filter((w) => w <= 5014.9 || w >= 5015).length);
    within3Sigma(two);
  });

  it('--resolving-power and --vsini broaden the model like the data (grid-io host broadening made the data)', async () => {
    const lsf = await spectrum('lsf', broadenGaussian(wavelength, clean, 4000), 3);
    const noLsf = await fit(lsf, []);
    expect(noLsf.reduced_chi2 as number).toBeGreaterThan(3);
    const withLsf = await fit(lsf, ['--resolving-power', '4000']);
    expect(withLsf.reduced_chi2 as number).toBeLessThan(1.5);
    within3Sigma(withLsf);
    const rot = await spectrum('rot', broadenRotational(wavelength, clean, 40, 0.6), 4);
    const noRot = await fit(rot, []);
    expect(noRot.reduced_chi2 as number).toBeGreaterThan(3);
    const withRot = await fit(rot, ['--vsini', '40']);
    expect(withRot.reduced_chi2 as number).toBeLessThan(1.5);
    within3Sigma(withRot);
  });

  it('--scale-by-reduced-chi2 multiplies σ by sqrt(reduced χ²) when the noise is larger than claimed', async () => {
    const path = await spectrum('noisy', clean, 5, 2); // noise 2σ, ivar claims σ
    const plain = await fit(path, []);
    const scaled = await fit(path, ['--scale-by-reduced-chi2']);
    const red = plain.reduced_chi2 as number;
    expect(red).toBeGreaterThan(3);
    for (const l of LABELS) {
      expect(scaled[l.name]).toBe(plain[l.name]);
      expect((scaled[`${l.name}_err`] as number) / (plain[`${l.name}_err`] as number)).toBeCloseTo(Math.sqrt(red), 6);
    }
    // the correlations do not change with the scale; each is a correlation
    for (const k of Object.keys(plain).filter((c) => c.startsWith('corr_'))) {
      expect(Math.abs(plain[k] as number)).toBeLessThanOrEqual(1);
      expect(scaled[k] as number).toBeCloseTo(plain[k] as number, 9);
    }
  });

  it('--fixed outside the label box is an argument error (exit 2); --normalize apogee needs --continuum-pixels', async () => {
    const path = await spectrum('fixed', clean, 6);
    for (const [args, message] of [
      [
        ['--labels', 'Teff,logg', '--fixed', 'Fe=1.5'],
        /Argument '--fixed': Fe=1.5 is outside the emulator's box \[-2, 1\]/,
      ],
      [['--normalize', 'apogee'], /Argument '--continuum-pixels': is required with --normalize apogee/],
      [['--segments', '5010:5005'], /Argument '--segments': must be a:b wavelength ranges/],
    ] as const) {
      const io = captureIo();
      expect(
        await main(
          ['--emulator', bundle, '--spectra', path, '--out', join(root, 'x.csv'), '--backend', 'cpu', ...args],
          io,
        ),
      ).toBe(2);
      expect(io.stderr.join('\n')).toMatch(message);
    }
  });

  it("the plots' model (modelFlux) repeats the fit: its χ² on the used pixels is the fit's, with segments, LSF and rotation", async () => {
    const emulator = await loadBundle(bundle);
    const noise = gaussian(8);
    const cont = Float64Array.from(wavelength, (w) => (w < 5015 ? 0.9 + 0.01 * x(w) : 1.1 - 0.02 * x(w)));
    const flux = Float64Array.from(
      broadenGaussian(wavelength, broadenRotational(wavelength, clean, 20, 0.6), 6000),
      (f, i) => f * cont[i]! + SIGMA * noise(),
    );
    const ivar = new Float64Array(flux.length).fill(1 / SIGMA ** 2);
    const segments: [number, number][] = [
      [5000, 5014.9],
      [5015, 5030],
    ];
    const setting = { resolvingPower: 6000, vsini: 20 };
    const [r] = fitSpectra(emulator, [{ wavelength, flux, ivar }], {
      fit: ['Teff', 'logg', 'Fe'],
      rv: { fit: false, value: 0 },
      continuum: { degree: 1, segments },
      ...setting,
    });
    const model = modelFlux(emulator, r!, wavelength, { segments, ...setting });
    let chi2 = 0;
    let used = 0;
    model.forEach((m, j) => {
      if (!Number.isFinite(m)) return;
      chi2 += ivar[j]! * (flux[j]! - m) ** 2;
      used++;
    });
    expect(used).toBe(r!.pixelsUsed);
    expect(Math.abs(chi2 / r!.chi2 - 1)).toBeLessThan(1e-3);
    emulator.dispose();
  });
});
