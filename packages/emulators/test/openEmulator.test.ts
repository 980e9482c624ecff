import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleError, DomainError, ShapeError, readSafetensors, type LabelSpec } from '@astroemu/emulator-core';
import { createConvEmulator } from '@astroemu/conv-emulator';
import { createPayne } from '@astroemu/payne';
import { createTransformerPayne } from '@astroemu/transformer-payne';
import { dopplerFactor } from '@astroemu/grid-io';
import { mulberry32, gaussian } from '@astroemu/random';
import { modelFlux, openEmulator, registerBuiltInKinds } from '../src/index';
import modelFluxFixture from './fixtures/model_flux.json';

// The astro-emulators-toolkit reference bundle (a trained JAX Payne: teff, logg, feh → 500 pixels, 5000–5010 Å),
// with the flux JAX computed at the box centre: values independent of this code.
const AET = new URL('../../payne/test/fixtures/aet_reference_bundle', import.meta.url).pathname;
const AET_CENTRE = [5750, 3.75, 0];
const tmp = mkdtempSync(join(tmpdir(), 'emulators-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const labels: LabelSpec[] = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', min: 4, max: 5 },
  { name: 'Fe_H', unit: 'dex', min: -2, max: 1 },
];
const grid = Float64Array.from({ length: 64 }, (_, i) => 5000 * Math.exp(i / 1e5));

function emulatorPredict(
  em: { predict(x: tf.Tensor2D, w?: Float64Array): tf.Tensor2D },
  rows: number[][],
  w?: Float64Array,
): Float32Array {
  return tf.tidy(() => em.predict(tf.tensor2d(rows), w).dataSync() as Float32Array);
}

describe('openEmulator', () => {
  it('registers every built-in kind', () => {
    expect(registerBuiltInKinds()).toEqual(expect.arrayContaining(['payne', 'conv', 'transformer-payne']));
  });

  it('opens an astro-emulators-toolkit bundle and predicts the flux JAX computed', async () => {
    const emulator = await openEmulator(AET);
    expect(tf.getBackend()).toBe(process.env.ASTROEMU_BACKEND ?? 'wasm'); // the best backend in Node without tfjs-node
    expect(emulator.kind).toBe('payne');
    const expected = readSafetensors(
      new Uint8Array(readFileSync(join(AET, 'fingerprint_evaluation/outputs.safetensors'))),
    ).tensors.get('flux')!;
    const flux = emulator.predict(AET_CENTRE);
    expect(flux).toBeInstanceOf(Float32Array);
    const want = expected.data as Float32Array;
    expect(flux.length).toBe(want.length);
    flux.forEach((f, i) => expect(Math.abs(f - want[i]!)).toBeLessThan(1e-6));
    // by name, in any order, gives the same spectrum
    expect(emulator.predict({ logg: 3.75, feh: 0, teff: 5750 })).toEqual(flux);
    emulator.dispose();
  });

  it.each([
    ['payne', () => createPayne({ preset: 'small', labels, wavelength: grid, seed: 3 })],
    ['conv', () => createConvEmulator({ preset: 'small', labels, wavelength: grid, seed: 5 })],
  ])('%s: save → open is bit-identical, and predict equals the emulator’s own predict', async (kind, make) => {
    const em = make();
    const dir = join(tmp, `${kind}-bundle`);
    await (await import('@astroemu/emulator-core')).saveEmulator(dir, em);
    const opened = await openEmulator(dir, { verifyFingerprint: true });
    expect(opened.kind).toBe(kind);
    const rows = [
      [5000, 4.5, -0.5],
      [4100, 4.9, 0.9],
    ];
    const own = emulatorPredict(em, rows);
    const M = grid.length;
    const batch = opened.predict(rows);
    expect(batch).toHaveLength(2);
    expect(batch[0]).toEqual(own.slice(0, M)); // bit for bit
    expect(batch[1]).toEqual(own.slice(M));
    // a second save of the opened emulator writes the same weight bytes
    const again = join(tmp, `${kind}-again`);
    await opened.save(again);
    expect(readFileSync(join(again, 'weights.safetensors'))).toEqual(readFileSync(join(dir, 'weights.safetensors')));
    // resampling a grid emulator: on grid pixels the values are the pixels', midway the mean of the two neighbours
    const on = Float64Array.of(grid[3]!, grid[10]!, grid[63]!);
    expect(Array.from(opened.predict(rows[0]!, on))).toEqual([own[3], own[10], own[63]]);
    const mid = Float64Array.of((grid[3]! + grid[4]!) / 2);
    expect(opened.predict(rows[0]!, mid)[0]).toBeCloseTo((own[3]! + own[4]!) / 2, 6);
    expect(() => opened.predict(rows[0]!, Float64Array.of(4999))).toThrow(DomainError);
    expect(() => opened.predict(rows[0]!, Float64Array.of(4999))).toThrow(
      /must lie within the emulator's grid \[5000, .*element 0 is 4999/,
    );
    em.dispose();
    opened.dispose();
  });

  it('transformer-payne: predicts on the wavelengths asked for, equal to its own predict', async () => {
    const em = createTransformerPayne({ preset: 'small', labels, wavelengthRange: { min: 5000, max: 5010 }, seed: 1 });
    const dir = join(tmp, 'tp-bundle');
    await (await import('@astroemu/emulator-core')).saveEmulator(dir, em);
    const opened = await openEmulator(dir);
    const w = Float64Array.from({ length: 17 }, (_, i) => 5001 + i * 0.5);
    expect(opened.predict([5500, 4.2, 0], w)).toEqual(emulatorPredict(em, [[5500, 4.2, 0]], w));
    expect(() => opened.predict([5500, 4.2, 0])).toThrow(/argument 'wavelength' is required/);
    em.dispose();
    opened.dispose();
  });

  it('rejects what is not a bundle, and label vectors that do not fit, naming the problem', async () => {
    await expect(openEmulator(tmp)).rejects.toThrow(BundleError);
    await expect(openEmulator(tmp)).rejects.toThrow(
      /is not an emulator bundle: expected config.json \+ weights.safetensors/,
    );
    await expect(openEmulator({ 'notes.txt': new Uint8Array(1) })).rejects.toThrow(/files given \(notes.txt\)/);
    const emulator = await openEmulator(AET);
    expect(() => emulator.predict([5750, 3.75])).toThrow(ShapeError);
    expect(() => emulator.predict({ teff: 5750, logg: 3.75 })).toThrow(/no value for 'feh'/);
    expect(() => emulator.predict({ teff: 5750, logg: 3.75, feh: 0, vsini: 3 })).toThrow(/unknown label 'vsini'/);
    expect(() => emulator.predict([9000, 3.75, 0])).toThrow(DomainError);
    emulator.dispose();
  });

  it('opens bundle files held in memory (as a browser does)', async () => {
    const files: Record<string, Uint8Array> = {};
    const dir = join(tmp, 'payne-bundle');
    for (const name of readdirSync(dir)) files[name] = new Uint8Array(readFileSync(join(dir, name)));
    const fromFiles = await openEmulator(files, { backend: false });
    const fromDir = await openEmulator(dir, { backend: false });
    expect(fromFiles.predict([5000, 4.5, 0])).toEqual(fromDir.predict([5000, 4.5, 0]));
    fromFiles.dispose();
    fromDir.dispose();
  });

  it('fit recovers known labels and rv, and returns the model flux on the observed pixels', async () => {
    const emulator = await openEmulator(AET);
    const truth = [
      { labels: [5300, 4.3, -0.12], rv: 12 },
      { labels: [6400, 3.2, 0.15], rv: -25 },
    ];
    const sigma = 0.002;
    const rand = mulberry32(7);
    const wavelength = Float64Array.from({ length: 360 }, (_, i) => 5001.5 + i * 0.02); // inside the grid at |rv| ≤ 50 km/s
    const spectra = truth.map((t) => {
      const rest = wavelength.map((w) => w / dopplerFactor(t.rv));
      const clean = emulator.predict(t.labels, rest);
      return {
        wavelength,
        flux: Float64Array.from(clean, (f) => f + sigma * gaussian(rand)),
        ivar: new Float64Array(wavelength.length).fill(1 / sigma ** 2),
        clean,
      };
    });
    const fits = emulator.fit(spectra, { rv: { min: -50, max: 50 }, initialCandidates: 16 });
    fits.forEach((fit, s) => {
      expect(fit.converged).toBe(true);
      const names = ['teff', 'logg', 'feh'];
      names.forEach((n, j) => {
        const err = Math.abs(fit.labels[n]! - truth[s]!.labels[j]!);
        expect(err).toBeLessThan(4 * fit.uncertainties[n]!);
      });
      expect(Math.abs(fit.rv - truth[s]!.rv)).toBeLessThan(4 * fit.rvUncertainty);
      // the model flux is the emulator at the fitted labels and rv: residuals against the noiseless truth are far below σ
      expect(fit.model).toHaveLength(wavelength.length);
      const rms = Math.sqrt(fit.model.reduce((a, m, i) => a + (m - spectra[s]!.clean[i]!) ** 2, 0) / wavelength.length);
      expect(rms).toBeLessThan(sigma / 3);
    });
    emulator.dispose();
  });

  it('modelFlux: rotation, LSF, Doppler shift and continuum as numpy computes them from the JAX flux', async () => {
    // scripts/fixtures/emulators_fixtures.py: the AET bundle's own JAX flux at the box centre, broadened, shifted,
    // interpolated and multiplied by the continuum with numpy
    const emulator = await openEmulator(AET, { backend: false });
    const wavelength = Float64Array.from(modelFluxFixture.wavelength);
    for (const c of modelFluxFixture.cases) {
      const result = { labels: modelFluxFixture.labels, rv: c.rv, continuum: [c.continuum] } as unknown as Parameters<
        typeof modelFlux
      >[1];
      const options = {
        resolvingPower: c.resolvingPower,
        ...(c.vsini ? { vsini: c.vsini, limbDarkening: c.limbDarkening! } : {}),
      };
      const model = modelFlux(emulator.emulator, result, wavelength, options);
      model.forEach((m, i) => expect(Math.abs(m - c.model[i]!), `case rv ${c.rv}, pixel ${i}`).toBeLessThan(2e-6));
      // without the operators the model is not the broadened one: the comparison above can fail
      const plain = modelFlux(emulator.emulator, result, wavelength);
      expect(Math.max(...plain.map((m, i) => Math.abs(m - c.model[i]!)))).toBeGreaterThan(1e-4);
    }
    const failed = { labels: { teff: NaN, logg: 3.75, feh: 0 }, rv: 0, continuum: [] } as unknown as Parameters<
      typeof modelFlux
    >[1];
    expect(modelFlux(emulator.emulator, failed, wavelength).every(Number.isNaN)).toBe(true);
    emulator.dispose();
  });
});
