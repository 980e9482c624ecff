import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import {
  APOGEE_CHIPS,
  apogeeContinuumNormalize,
  apogeeContinuumOperator,
  applyApogeeContinuum,
  DomainError,
  readNpz,
} from '../src/index';

// Real APOGEE spectra and the Cannon continuum pixels (copies of shared/external files); expected continua from numpy
// lstsq (packages/inference/test/fixtures/make_binspec_fixture.py).
const dir = new URL('../../payne/test/fixtures/binspec/', import.meta.url).pathname;
const want = JSON.parse(
  readFileSync(new URL('../../inference/test/fixtures/binspec_continuum.json', import.meta.url), 'utf8'),
) as { combined: number[]; visit0: number[] };

test('APOGEE continuum of the real combined spectrum and of one visit equals numpy (weights 1/σ, Cannon pixels, per chip)', async () => {
  const mask = (await readNpz(`${dir}cannon_cont_pixels_apogee.npz`)).pixels_cannon!.data as Uint8Array;
  const comb = await readNpz(`${dir}spectrum_ap_id_2M13012770+5754582_.npz`);
  const visits = await readNpz(`${dir}visit_spectra_ap_id_2M06133561+2433362_.npz`);
  const cases: [ArrayLike<number>, ArrayLike<number>, number[]][] = [
    [comb.spectrum!.data as Float32Array, comb.spec_err!.data as Float32Array, want.combined],
    [
      (visits.spectra!.data as Float64Array).subarray(0, 7214),
      (visits.spec_errs!.data as Float64Array).subarray(0, 7214),
      want.visit0,
    ],
  ];
  for (const [flux, sigma, expected] of cases) {
    const got = applyApogeeContinuum(apogeeContinuumOperator(sigma, { continuumPixels: mask }), flux);
    let worst = 0;
    for (let i = 0; i < 7214; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-10);
    const { flux: norm } = apogeeContinuumNormalize(flux, sigma, { continuumPixels: mask });
    expect(norm[100]).toBeCloseTo(Number(flux[100]) / expected[100]!, 12);
  }
});

test('a chip polynomial of degree ≤ 4 is its own continuum; σ = inf pixels and NaN flux there are ignored', () => {
  const n = 7214;
  const mask = Array.from({ length: n }, (_, i) => i % 7 === 0);
  const sigma = Float64Array.from({ length: n }, (_, i) => (i % 49 === 0 ? Infinity : 0.01 + (i % 5) * 0.001));
  const y = new Float64Array(n);
  for (const [a, b] of APOGEE_CHIPS)
    for (let j = a; j < b; j++) {
      const x = -1 + (2 * (j - a)) / (b - a - 1);
      y[j] = 1 + 0.1 * x - 0.2 * x ** 4 + a * 1e-5;
    }
  for (let i = 0; i < n; i += 49) y[i] = NaN;
  const c = applyApogeeContinuum(apogeeContinuumOperator(sigma, { continuumPixels: mask }), y);
  for (let i = 1; i < n; i += 13) if (i % 49 !== 0) expect(Math.abs(c[i]! - y[i]!)).toBeLessThan(1e-12);
});

test('bad input: mask length, too few continuum pixels', () => {
  expect(() => apogeeContinuumOperator(new Float64Array(10), { continuumPixels: new Array(9).fill(true) })).toThrow(
    /continuumPixels has 9 entries but sigma has 10/,
  );
  const sigma = new Float64Array(7214).fill(0.01);
  const mask = new Array(7214).fill(false);
  mask[3] = true;
  expect(() => apogeeContinuumOperator(sigma, { continuumPixels: mask })).toThrow(DomainError);
  expect(() => apogeeContinuumOperator(sigma, { continuumPixels: mask })).toThrow(
    /chip \[0, 2920\) has 1 usable continuum pixels/,
  );
});
