import { existsSync } from 'node:fs';
import { access, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { saveEmulator } from '@astroemu/emulator-core';
import { APOGEE_CHIPS, readNpz, SPEED_OF_LIGHT_KMS, spectrumTableHdu, writeFits } from '@astroemu/grid-io';
import { fitSpectra } from '@astroemu/inference';
import { loadBinspecNetworks, type PerPixelPayneEmulator } from '@astroemu/payne';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppIo } from '../src/appIo';
import { fitWorkerUrl } from '../src/fitPool';
import { main } from '../src/main';
import { loadBundle } from '../src/loadBundle';
import { readResults } from '../src/resultsFile';
import { plotName } from '../src/spectrumPlot';

// The real binspec networks and APOGEE spectra (copies of shared/external, in the payne package's fixtures).
const nets = new URL('../../../packages/payne/test/fixtures/binspec/', import.meta.url).pathname;
const combined = `${nets}spectrum_ap_id_2M13012770+5754582_.npz`;
const pixelsFile = `${nets}cannon_cont_pixels_apogee.npz`;

function captureIo(): AppIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: false };
}

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'fit-apogee-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('astroemu-fit --normalize apogee (the batched fitter, data and model normalised alike)', () => {
  const TRUTH = [4900, 2.8, -0.4, 0.15];
  const V = 17.3;
  let bundle: string;
  let spectrumPath: string;
  let observed: { wavelength: Float64Array; flux: Float64Array; ivar: Float64Array };

  beforeAll(async () => {
    // the published unnormalised network as a bundle; a mock APOGEE spectrum from it at (TRUTH, V), times a per-chip
    // gain and slope, S/N 100
    const { unnormalized, normalized, radius, teff2Logg2 } = await loadBinspecNetworks(
      nets,
      `${nets}apogee_wavelength.npz`,
    );
    for (const n of [normalized, radius, teff2Logg2]) n.dispose();
    bundle = join(root, 'bundle');
    await saveEmulator(bundle, unnormalized);
    const wave = (unnormalized as PerPixelPayneEmulator).wavelength.fixed!;
    const rest = Float64Array.from(tf.tidy(() => unnormalized.predict(tf.tensor2d([TRUTH])).dataSync()));
    unnormalized.dispose();
    const x = Float64Array.from(wave, (w) => Math.log(w));
    const s = Math.atanh(V / SPEED_OF_LIGHT_KMS);
    const shifted = Float64Array.from(x, (xk) => {
      let a = 0;
      while (a < x.length - 2 && x[a + 1]! <= xk - s) a++;
      const t = Math.min(1, Math.max(0, (xk - s - x[a]!) / (x[a + 1]! - x[a]!)));
      return rest[a]! + t * (rest[a + 1]! - rest[a]!);
    });
    let seed = 7;
    const u = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
    const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const shape = new Float64Array(wave.length);
    APOGEE_CHIPS.forEach(([a, b], c) => {
      for (let j = a; j < b; j++) shape[j] = [2.2, 1.9, 1.4][c]! * (1 + 0.05 * ((2 * (j - a)) / (b - a - 1) - 1));
    });
    const sigma = Float64Array.from(shifted, (f, j) => (f * shape[j]!) / 100);
    // stored as float32 (the FITS columns); the direct fit below gets the same values
    const flux = Float64Array.from(Float32Array.from(shifted, (f, j) => f * shape[j]! + sigma[j]! * normal()));
    const ivar = Float64Array.from(Float32Array.from(sigma, (v) => 1 / (v * v)));
    observed = { wavelength: Float64Array.from(wave), flux, ivar };
    spectrumPath = join(root, 'mock.fits');
    await writeFile(
      spectrumPath,
      writeFits([
        spectrumTableHdu({
          wavelength: wave,
          medium: 'vacuum',
          flux: Float32Array.from(flux),
          ivar: Float32Array.from(ivar),
        }),
      ]),
    );
  });

  const args = () => [
    '--emulator',
    bundle,
    '--spectra',
    spectrumPath,
    '--rv',
    '--rv-min',
    '-100',
    '--rv-max',
    '100',
    '--normalize',
    'apogee',
    '--candidates',
    '8',
    '--backend',
    'cpu',
  ];

  it('fits as fitSpectra with options.apogeeContinuum does, within 3σ of the truth; writes the plot', async () => {
    const io = captureIo();
    const out = join(root, 'apogee.csv');
    const plots = join(root, 'plots');
    const code = await main([...args(), '--continuum-pixels', pixelsFile, '--out', out, '--plots', plots], io);
    expect(code, io.stderr.join('\n')).toBe(0);
    const row = (await readResults(out)).rows[0]!;
    expect(row.flags, String(row.notes) + String(row.error)).not.toMatch(/error|not-converged/);
    const mask = (await readNpz(pixelsFile)).pixels_cannon!.data as Uint8Array;
    const [direct] = fitSpectra(await loadBundle(bundle), [observed], {
      apogeeContinuum: { continuumPixels: mask },
      rv: { min: -100, max: 100 },
      initialCandidates: 8,
      seed: 0,
    });
    ['Teff', 'logg', '[Fe/H]', '[Mg/Fe]'].forEach((n, l) => {
      expect(row[n] as number).toBeCloseTo(direct!.labels[n]!, 6);
      expect(row[`${n}_err`] as number).toBeCloseTo(direct!.uncertainties[n]!, 6);
      expect(Math.abs((row[n] as number) - TRUTH[l]!) / (row[`${n}_err`] as number), n).toBeLessThan(3);
    });
    expect(Math.abs((row.rv as number) - V) / (row.rv_err as number)).toBeLessThan(3);
    await access(join(plots, `${plotName(spectrumPath)}.png`));
  });

  it.skipIf(!existsSync(fileURLToPath(fitWorkerUrl())))(
    'with --workers 2 (options and model flux through the worker threads): the rows of one thread, same batches',
    async () => {
      const second = join(root, 'mock2.fits');
      await copyFile(spectrumPath, second);
      const run = async (extra: string[], out: string) => {
        const io = captureIo();
        const argv = [...args(), '--continuum-pixels', pixelsFile, '--out', out, '--plots', join(root, 'p'), ...extra];
        argv.splice(argv.indexOf('--spectra') + 2, 0, second);
        expect(await main(argv, io), io.stderr.join('\n')).toBe(0);
        return (await readResults(out)).rows;
      };
      const one = await run(['--batch', '1'], join(root, 'one.csv'));
      const two = await run(['--workers', '2', '--batch', '1'], join(root, 'two.csv'));
      expect(one).toHaveLength(2);
      expect(two).toEqual(one);
    },
  );

  it('--continuum-pixels is required (and checked), --continuum is refused: exit 2', async () => {
    const bad = join(root, 'bad.npz');
    await writeFile(bad, 'not a zip');
    for (const [extra, message] of [
      [[], /Argument '--continuum-pixels': is required with --normalize apogee/],
      [['--continuum-pixels', bad], /Argument '--continuum-pixels': '.*bad\.npz' is not a readable \.npz/],
      [['--continuum-pixels', combined], /Argument '--continuum-pixels': '.*' has no array 'pixels_cannon' \(it has /],
      [['--continuum-pixels', pixelsFile, '--continuum', '1'], /Argument '--continuum': cannot be combined/],
    ] as const) {
      const io = captureIo();
      expect(await main([...args(), ...extra, '--out', join(root, 'x.csv')], io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(message);
    }
  });
});

describe('astroemu-fit --model (the composite fitter from the default command)', () => {
  it('--model single gives the same results and model flux as `astroemu-fit composite --model single`', async () => {
    const common = [
      '--networks',
      nets,
      '--spectra',
      combined,
      '--candidates',
      '4',
      '--starts',
      '1',
      '--backend',
      'cpu',
    ];
    const [a, b] = [join(root, 'via-fit'), join(root, 'via-composite')];
    const io = captureIo();
    expect(await main(['--model', 'single', ...common, '--out', a], io), io.stderr.join('\n')).toBe(0);
    expect(await main(['composite', '--model', 'single', ...common, '--out', b], io), io.stderr.join('\n')).toBe(0);
    const ra = JSON.parse(await readFile(join(a, 'results.json'), 'utf8')) as { model: string; chi2: number }[];
    const rb = JSON.parse(await readFile(join(b, 'results.json'), 'utf8')) as { model: string; chi2: number }[];
    expect(ra).toHaveLength(1);
    expect(ra[0]!.model).toBe('single');
    expect(Number.isFinite(ra[0]!.chi2)).toBe(true);
    expect(ra).toEqual(rb);
    const npz = 'spectrum_ap_id_2M13012770+5754582_.single.npz';
    expect(Buffer.compare(await readFile(join(a, npz)), await readFile(join(b, npz)))).toBe(0);
  }, 600_000);

  it('options of the batched fitter with --model, and --group-by without it, are argument errors (exit 2)', async () => {
    for (const [argv, message] of [
      [
        ['--model', 'single', '--networks', nets, '--spectra', combined, '--emulator', 'x'],
        /Argument '--emulator': does not apply to composite fits \(--model\)/,
      ],
      [['--model', 'single', '--networks', nets, '--spectra', combined, '--rv'], /Argument '--rv': does not apply/],
      [['--spectra', combined, '--group-by', 'file'], /Argument '--group-by': applies to composite fits only/],
      [['--model', 'triple', '--networks', nets, '--spectra', combined], /--model.*got 'triple'/],
    ] as const) {
      const io = captureIo();
      expect(await main([...argv], io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(message);
    }
  });
});
