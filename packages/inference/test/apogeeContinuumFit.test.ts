import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  applyApogeeContinuum,
  apogeeContinuumOperator,
  APOGEE_CHIPS,
  dopplerFactor,
  readNpz,
  SPEED_OF_LIGHT_KMS,
} from '@astroemu/grid-io';
import { loadBinspecNetworks, type BinspecNetworks } from '@astroemu/payne';
import { fitSpectra, type FitOptions } from '../src/index';
import { prepareSpectra } from '../src/prepareSpectra';
import { SpectrumModel } from '../src/spectrumModel';
import { rng } from './helpers';

// The batched fitter with the survey's APOGEE continuum normalisation of data AND model (options.apogeeContinuum), on
// mock APOGEE spectra from binspec's published unnormalised network (El-Badry, Ting et al. 2018): data = model · an
// instrument-like continuum shape per chip, + noise.
const dir = new URL('../../payne/test/fixtures/binspec/', import.meta.url).pathname;
let nets: BinspecNetworks;
let mask: Uint8Array;
let wave: Float64Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  nets = await loadBinspecNetworks(dir, `${dir}apogee_wavelength.npz`);
  mask = (await readNpz(`${dir}cannon_cont_pixels_apogee.npz`)).pixels_cannon!.data as Uint8Array;
  wave = nets.unnormalized.wavelength.fixed!;
});
afterAll(() => {
  for (const n of [nets.normalized, nets.unnormalized, nets.radius, nets.teff2Logg2]) n.dispose();
});

const NAMES = ['Teff', 'logg', '[Fe/H]', '[Mg/Fe]'];

/** Rest-frame flux of the unnormalised network at physical labels (float32 predict, read back). */
function restFlux(labels: number[]): Float64Array {
  const out = tf.tidy(() => nets.unnormalized.predict(tf.tensor2d([labels])).dataSync());
  return Float64Array.from(out);
}

/** np.interp in ln λ: rest flux at ln λ_obs − atanh(v / c), edge values repeated (float64). */
function shifted(rest: Float64Array, v: number): Float64Array {
  const x = Float64Array.from(wave, (w) => Math.log(w));
  const s = Math.atanh(v / SPEED_OF_LIGHT_KMS);
  const n = x.length;
  return Float64Array.from(x, (xk) => {
    const u = xk - s;
    if (u <= x[0]!) return rest[0]!;
    if (u >= x[n - 1]!) return rest[n - 1]!;
    let a = 0;
    let b = n - 1;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (x[m]! <= u) a = m;
      else b = m;
    }
    const t = (u - x[a]!) / (x[a + 1]! - x[a]!);
    return rest[a]! + t * (rest[a + 1]! - rest[a]!);
  });
}

/** A mock observation: the network at (labels, v) times a per-chip gain and slope, noise at S/N `snr`. */
function mock(labels: number[], v: number, snr: number, seed: number) {
  const r = rng(seed);
  const clean = shifted(restFlux(labels), v);
  const shape = new Float64Array(clean.length);
  APOGEE_CHIPS.forEach(([a, b], c) => {
    for (let j = a; j < b; j++)
      shape[j] = [3.1, 2.4, 1.7][c]! * (1 + [0.06, -0.04, 0.03][c]! * ((2 * (j - a)) / (b - a - 1) - 1));
  });
  const sigma = Float64Array.from(clean, (f, j) => (f * shape[j]!) / snr);
  const flux = Float64Array.from(clean, (f, j) => f * shape[j]! + sigma[j]! * r.normal());
  return { wavelength: wave, flux, ivar: Float64Array.from(sigma, (s) => 1 / (s * s)), sigma };
}

const truths = [
  { labels: [4800, 2.6, -0.3, 0.1], v: 23.4 },
  { labels: [5600, 4.3, 0.1, 0.0], v: -61.2 },
  { labels: [4300, 1.8, -0.8, 0.3], v: 5.0 },
];

it('LM with APOGEE normalisation of data and model recovers labels and RV within 3σ; σ cover the truth as claimed', () => {
  // 16 stars across the network's box; the σ include the noise of the data's own continuum (without it, i.e. with
  // (JᵀWJ)⁻¹, Teff and rv scatter about twice their σ at S/N 100)
  const r = rng(5);
  const stars = Array.from({ length: 16 }, (_, i) =>
    i < truths.length
      ? truths[i]!
      : { labels: [4200 + 1800 * r.u(), 1.5 + 3 * r.u(), -1 + 1.2 * r.u(), -0.2 + 0.6 * r.u()], v: -100 + 200 * r.u() },
  );
  const obs = stars.map((t, i) => mock(t.labels, t.v, 100, 40 + i));
  const before = tf.memory().numTensors;
  const res = fitSpectra(nets.unnormalized, obs, {
    apogeeContinuum: { continuumPixels: mask },
    rv: { min: -150, max: 150 },
    initialCandidates: 16,
    starts: 2,
  });
  expect(tf.memory().numTensors).toBe(before);
  const z: number[] = [];
  res.forEach((f, i) => {
    expect(f.flags, f.error ?? f.notes.join('; ')).not.toContain('error');
    expect(f.converged, f.notes.join('; ')).toBe(true);
    NAMES.forEach((n, l) => z.push((f.labels[n]! - stars[i]!.labels[l]!) / f.uncertainties[n]!));
    z.push((f.rv - stars[i]!.v) / f.rvUncertainty);
    expect(f.reducedChi2).toBeLessThan(1.3);
  });
  const within = (k: number) => z.filter((x) => Math.abs(x) < k).length / z.length;
  expect(within(3), z.map((x) => x.toFixed(2)).join(' ')).toBeGreaterThanOrEqual(0.95);
  expect(within(1), z.map((x) => x.toFixed(2)).join(' ')).toBeGreaterThan(0.45);
  expect(within(1), z.map((x) => x.toFixed(2)).join(' ')).toBeLessThan(0.85);
});

it('its model flux equals E / C(E) computed independently on the host in float64 (grid-io operator), to 1e-5', () => {
  const t = truths[0]!;
  const obs = mock(t.labels, t.v, 100, 7);
  const [vmin, vmax] = [-150, 150];
  const [f] = fitSpectra(nets.unnormalized, [obs], {
    apogeeContinuum: { continuumPixels: mask },
    rv: { min: vmin, max: vmax },
    modelFlux: true,
  });
  expect(f!.flags).not.toContain('error');
  // the fit's pixels: inside the network's window at every velocity of the fit
  const lo = wave[0]! * dopplerFactor(vmax);
  const hi = wave[wave.length - 1]! * dopplerFactor(vmin);
  const sigma = Float64Array.from(obs.sigma, (s, j) => (wave[j]! >= lo && wave[j]! <= hi ? s : Infinity));
  const op = apogeeContinuumOperator(sigma, { continuumPixels: mask });
  const E = shifted(restFlux(NAMES.map((n) => f!.labels[n]!)), f!.rv);
  const C = applyApogeeContinuum(op, E);
  const dataC = applyApogeeContinuum(op, obs.flux);
  let worst = 0;
  let worstData = 0;
  let used = 0;
  for (let j = 0; j < wave.length; j++) {
    if (!Number.isFinite(sigma[j]!)) {
      expect(f!.modelFlux![j]).toBeNaN();
      continue;
    }
    used++;
    worst = Math.max(worst, Math.abs(f!.modelFlux![j]! - E[j]! / C[j]!));
    worstData = Math.max(worstData, Math.abs(f!.dataContinuum![j]! / dataC[j]! - 1));
  }
  expect(used).toBe(f!.pixelsUsed);
  expect(worst).toBeLessThan(1e-5);
  expect(worstData).toBeLessThan(1e-12);
  // χ² of the fit equals Σ ((y / C(y) − model) / (σ / C(y)))² of the independent model
  let chi2 = 0;
  for (let j = 0; j < wave.length; j++) {
    if (!Number.isFinite(sigma[j]!)) continue;
    const d = (obs.flux[j]! / dataC[j]! - E[j]! / C[j]!) / (obs.sigma[j]! / dataC[j]!);
    chi2 += d * d;
  }
  expect(Math.abs(f!.chi2 - chi2) / chi2).toBeLessThan(1e-3);
});

it('the columns of √W J of the normalised model equal central differences of √w · E / C(E)', () => {
  const t = truths[1]!;
  const obs = mock(t.labels, t.v, 100, 8);
  const options: FitOptions = { apogeeContinuum: { continuumPixels: mask } };
  const batch = prepareSpectra(nets.unnormalized, [obs], options, -150, 150, 5);
  const model = new SpectrumModel({
    emulator: nets.unnormalized,
    batch,
    free: [0, 1, 2, 3],
    fixedLabels: new Float64Array(4),
    rvFit: true,
    rvFixed: Float64Array.of(0),
  });
  const { P } = model;
  const K = batch.K;
  const one = Int32Array.of(0);
  const theta = Float64Array.of(0.05, 0.2, 0.1, -0.1, -58);
  const X = new Float32Array((P + 1) * K);
  model.assemble(theta, one, model.restFluxHost(theta, one), model.restJacobian(theta, one, 1e-3), undefined, X);
  const modelW = (th: Float64Array) => {
    const out = { modelW: new Float64Array(K), rw: new Float64Array(K), cs: new Float64Array(K) };
    model.observeRow(th, 0, 0, model.restFluxHost(th, one), 0, out);
    return out.modelW;
  };
  // labels: central differences of 1e-3 (scaled units); velocity: ± half a pixel (the column's own definition; its
  // blended slopes differ from this by 7e-3 without the normalisation too, hence the looser bound)
  const halfPixel = 0.5 * SPEED_OF_LIGHT_KMS * Math.log(wave[1]! / wave[0]!);
  for (let p = 0; p < P; p++) {
    const h = p < 4 ? 1e-3 : halfPixel;
    const up = Float64Array.from(theta);
    const dn = Float64Array.from(theta);
    up[p]! += h;
    dn[p]! -= h;
    const [a, b] = [modelW(up), modelW(dn)];
    let diff = 0;
    let norm = 0;
    for (let k = 0; k < K; k++) {
      const numeric = (a[k]! - b[k]!) / (2 * h);
      diff += (X[p * K + k]! - numeric) ** 2;
      norm += numeric ** 2;
    }
    expect(Math.sqrt(diff / norm), `column ${p}`).toBeLessThan(p < 4 ? 5e-3 : 1.5e-2);
  }
  model.dispose();
});

it("the Adam protocol's tensor χ² (apogeeContinuumTensor per spectrum) equals the host χ², and its gradient −2 JᵀWr", () => {
  const obs = [mock(truths[0]!.labels, truths[0]!.v, 100, 9), mock(truths[2]!.labels, truths[2]!.v, 100, 10)];
  const options: FitOptions = { apogeeContinuum: { continuumPixels: mask } };
  const batch = prepareSpectra(nets.unnormalized, obs, options, -150, 150, 5);
  const model = new SpectrumModel({
    emulator: nets.unnormalized,
    batch,
    free: [0, 1, 2, 3],
    fixedLabels: new Float64Array(8),
    rvFit: true,
    rvFixed: Float64Array.of(0, 0),
  });
  // rows of both spectra, interleaved (the tensor path groups them by spectrum and puts them back in order)
  const rows = Int32Array.of(1, 0, 1);
  const theta = Float64Array.of(0.1, -0.05, 0.2, 0.0, 6, 0.05, 0.2, 0.1, -0.1, 20, -0.2, -0.1, -0.1, 0.2, 3);
  const rvScale = 10;
  const tensorTheta = Float32Array.from(theta, (x, i) => (i % 5 === 4 ? x / rvScale : x));
  const before = tf.memory().numTensors;
  const { value, grads } = tf.tidy(() => {
    const th = tf.tensor2d(tensorTheta, [3, 5]);
    const f = (t: tf.Tensor2D) => model.chi2Tensor(t, rows, rvScale);
    const g = tf.grad((t) => f(t as tf.Tensor2D).sum())(th);
    return { value: f(th).dataSync().slice(), grads: g.dataSync().slice() };
  });
  expect(tf.memory().numTensors).toBe(before);
  const host = model.normalEquations(theta, rows, true, 1e-3);
  for (let r = 0; r < 3; r++) {
    expect(Math.abs(value[r]! - host.chi2[r]!) / host.chi2[r]!, `row ${r}`).toBeLessThan(1e-4);
    for (let p = 0; p < 4; p++) {
      const want = -2 * host.g![r * 5 + p]!;
      const scale = 2 * Math.sqrt(host.A![r * 25 + p * 5 + p]! * host.chi2[r]!);
      expect(Math.abs(grads[r * 5 + p]! - want) / scale, `row ${r} label ${p}`).toBeLessThan(5e-3);
    }
  }
  model.dispose();
});
