import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readNpz } from '@astroemu/grid-io';
import { loadBinspecNetworks, type BinspecNetworks } from '@astroemu/payne';
import { BINSPEC_MODELS, CompositeModel } from '../src/index';

// Expected: float64 numpy written from the model definition (test/fixtures/binspec_model.py, make_binspec_fixture.py).
const fx = JSON.parse(readFileSync(new URL('./fixtures/binspec_forward.json', import.meta.url), 'utf8')) as Record<
  'single' | 'binary' | 'sb1' | 'sb2',
  { params: number[]; sigma: 'combined' | 'visits'; model: number[] | number[][] }
>;
const dir = new URL('../../payne/test/fixtures/binspec/', import.meta.url).pathname;
let nets: BinspecNetworks;
let mask: Uint8Array;
let sigmaCombined: Float64Array;
let sigmaVisits: Float64Array[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  nets = await loadBinspecNetworks(dir, `${dir}apogee_wavelength.npz`);
  mask = (await readNpz(`${dir}cannon_cont_pixels_apogee.npz`)).pixels_cannon!.data as Uint8Array;
  sigmaCombined = Float64Array.from(
    (await readNpz(`${dir}spectrum_ap_id_2M13012770+5754582_.npz`)).spec_err!.data as Float32Array,
  );
  const v = (await readNpz(`${dir}visit_spectra_ap_id_2M06133561+2433362_.npz`)).spec_errs!.data as Float64Array;
  sigmaVisits = [0, 1, 2].map((i) => v.slice(i * 7214, (i + 1) * 7214));
});
afterAll(() => {
  for (const n of [nets.normalized, nets.unnormalized, nets.radius, nets.teff2Logg2]) n.dispose();
});

test.each(['single', 'binary', 'sb1', 'sb2'] as const)(
  'binspec %s forward model equals the numpy evaluation to 1e-5',
  (name) => {
    const c = fx[name];
    const sig = c.sigma === 'combined' ? [sigmaCombined] : sigmaVisits;
    const wave = nets.normalized.wavelength.fixed!;
    const model = new CompositeModel(
      BINSPEC_MODELS[name],
      sig.map((s) => ({ wavelength: wave, sigma: s })),
      {
        emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized },
        regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 },
        continuumPixels: mask,
      },
    );
    expect(model.parameters.length).toBe(c.params.length);
    const before = tf.memory().numTensors;
    const got = model.evaluate([c.params, c.params]);
    expect(tf.memory().numTensors).toBe(before);
    const want = (c.sigma === 'combined' ? [c.model] : c.model) as number[][];
    want.forEach((w, e) => {
      let worst = 0;
      for (let i = 0; i < 7214; i++)
        worst = Math.max(worst, Math.abs(got[e]![i]! - w[i]!), Math.abs(got[e]![7214 + i]! - w[i]!));
      expect(worst, `exposure ${e}`).toBeLessThan(1e-5);
    });
  },
);

function binspecModel(name: 'single' | 'binary' | 'sb1' | 'sb2'): CompositeModel {
  const sig = fx[name].sigma === 'combined' ? [sigmaCombined] : sigmaVisits;
  const wave = nets.normalized.wavelength.fixed!;
  return new CompositeModel(
    BINSPEC_MODELS[name],
    sig.map((s) => ({ wavelength: wave, sigma: s })),
    {
      emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized },
      regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 },
      continuumPixels: mask,
    },
  );
}

test.each(['single', 'binary', 'sb1', 'sb2'] as const)(
  'binspec %s on the float64 host path equals the numpy evaluation to 1e-9 (no tensors made)',
  (name) => {
    const c = fx[name];
    const model = binspecModel(name);
    expect(model.hasHostEvaluation).toBe(true);
    model.evaluateHost(c.params); // weights copied to the host once
    const before = tf.memory().numTensors;
    const got = model.evaluateHost(c.params).flux;
    expect(tf.memory().numTensors).toBe(before);
    const want = (c.sigma === 'combined' ? [c.model] : c.model) as number[][];
    want.forEach((w, e) => {
      let worst = 0;
      for (let i = 0; i < 7214; i++) worst = Math.max(worst, Math.abs(got[e]![i]! - w[i]!));
      expect(worst, `exposure ${e}`).toBeLessThan(1e-9);
    });
  },
);

test.each(['binary', 'sb2'] as const)(
  'binspec %s: the exact host Jacobian (networks, regressors, continuum, Doppler, normalisation) equals central differences',
  (name) => {
    const c = fx[name];
    const model = binspecModel(name);
    // Move the velocities off the fixture's round values so no pixel sits on an interpolation knot.
    const theta = Float64Array.from(c.params, (v, j) => (model.parameters[j]!.kind === 'velocity' ? v + 0.123 : v));
    const { jacobian } = model.evaluateHost(theta, true);
    model.parameters.forEach((p, j) => {
      const h = 1e-5 * (p.max - p.min);
      const up = model.evaluateHost(theta.map((v, k) => (k === j ? v + h : v))).flux;
      const dn = model.evaluateHost(theta.map((v, k) => (k === j ? v - h : v))).flux;
      up.forEach((u, e) => {
        const col = jacobian![e]![j];
        let worst = 0;
        let scale = 0;
        for (let i = 100; i < 7114; i++) {
          const fd = (u[i]! - dn[e]![i]!) / (2 * h);
          scale = Math.max(scale, Math.abs(fd));
          worst = Math.max(worst, Math.abs((col?.[i] ?? 0) - fd));
        }
        expect(worst, `${p.name}, exposure ${e} (max |∂f| ${scale.toExponential(2)})`).toBeLessThan(
          1e-4 * scale + 1e-9,
        );
      });
    });
  },
);

test.each(['binary', 'sb2'] as const)(
  'binspec %s: the screening evaluation equals the full host model on the subset, after label and velocity changes',
  (name) => {
    const c = fx[name];
    const model = binspecModel(name);
    const S = model.screeningPixels!;
    expect(S.length).toBe(model.exposures.length);
    // A quarter of the pixels, in blocks, on every chip.
    for (const s of S) {
      expect(s.length / 7214).toBeGreaterThan(0.2);
      expect(s.length / 7214).toBeLessThan(0.3);
      for (const [a, b] of [
        [0, 2920],
        [2920, 5320],
        [5320, 7214],
      ])
        expect(s.some((i) => i >= a! && i < b!)).toBe(true);
    }
    const v = model.parameters.findIndex((p) => p.kind === 'velocity');
    const thetas = [
      Float64Array.from(c.params),
      Float64Array.from(c.params, (x, j) => (j === v ? x + 37.3 : x)), // cached rest frame, new shift
      Float64Array.from(c.params, (x, j) => (j === v ? x - 61.7 : x)), // pixels not computed before
      Float64Array.from(c.params, (x, j) => (j === 0 ? x + 211 : j === v ? x + 5.1 : x)), // new labels
    ];
    for (const t of thetas) {
      const got = model.evaluateScreening(t)!.flux;
      const want = model.evaluateHost(t).flux;
      S.forEach((s, e) => {
        let worst = 0;
        for (const i of s) worst = Math.max(worst, Math.abs(got[e]![i]! - want[e]![i]!));
        expect(worst, `θ = ${Array.from(t).join(', ')}, exposure ${e}`).toBeLessThan(1e-12);
      });
    }
    expect(binspecModelWithout(name).screeningPixels).toBeUndefined();
  },
);

function binspecModelWithout(name: 'binary' | 'sb2'): CompositeModel {
  const sig = fx[name].sigma === 'combined' ? [sigmaCombined] : sigmaVisits;
  return new CompositeModel(
    BINSPEC_MODELS[name],
    sig.map((s) => ({ wavelength: nets.normalized.wavelength.fixed!, sigma: s })),
    {
      emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized },
      regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 },
      continuumPixels: mask,
      screening: false,
    },
  );
}
