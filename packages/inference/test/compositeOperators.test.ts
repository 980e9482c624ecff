import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apogeeContinuumOperator, applyApogeeContinuum, readNpz } from '@astroemu/grid-io';
import { loadBinspecNetworks, type BinspecNetworks } from '@astroemu/payne';
import {
  apogeeContinuumTensor,
  BINSPEC_BINARY,
  boundedLevenbergMarquardt,
  CompositeModel,
  CompositeSpecError,
  type CompositeModelSpec,
} from '../src/index';
import { rng } from './helpers';

const dir = new URL('../../payne/test/fixtures/binspec/', import.meta.url).pathname;
let nets: BinspecNetworks;
let mask: Uint8Array;
let sigma: Float64Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  nets = await loadBinspecNetworks(dir, `${dir}apogee_wavelength.npz`);
  mask = (await readNpz(`${dir}cannon_cont_pixels_apogee.npz`)).pixels_cannon!.data as Uint8Array;
  sigma = Float64Array.from(
    (await readNpz(`${dir}spectrum_ap_id_2M13012770+5754582_.npz`)).spec_err!.data as Float32Array,
  );
});
afterAll(() => {
  for (const n of [nets.normalized, nets.unnormalized, nets.radius, nets.teff2Logg2]) n.dispose();
});

test('apogeeContinuumTensor equals the host operator and is differentiable (linear: gradient = Σ rows of the operator)', () => {
  const op = apogeeContinuumOperator(sigma, { continuumPixels: mask });
  const r = rng(3);
  const y = Float32Array.from({ length: 2 * 7214 }, (_, i) => 1 + 0.1 * Math.sin(i / 300) + 0.01 * r.normal());
  const got = tf.tidy(() => apogeeContinuumTensor(op, tf.tensor2d(y, [2, 7214])).dataSync());
  for (let b = 0; b < 2; b++) {
    const want = applyApogeeContinuum(op, y.subarray(b * 7214, (b + 1) * 7214));
    let worst = 0;
    for (let i = 0; i < 7214; i++) worst = Math.max(worst, Math.abs(got[b * 7214 + i]! - want[i]!));
    expect(worst).toBeLessThan(1e-5);
  }
  // d/dy_j of continuum_k summed over k = Σ_k T_k · G_j: check at one continuum pixel against the host operator
  const before = tf.memory().numTensors;
  const g = tf.tidy(() =>
    tf
      .grad((t: tf.Tensor) => apogeeContinuumTensor(op, t as tf.Tensor2D).sum())(
        tf.tensor2d(y.subarray(0, 7214), [1, 7214]),
      )
      .dataSync(),
  );
  expect(tf.memory().numTensors).toBe(before);
  const j = mask.findIndex((m, i) => Boolean(m) && i > 3000 && sigma[i]! < 1);
  const e = new Float64Array(7214);
  e[j] = 1;
  const want = applyApogeeContinuum(op, e).reduce((a, b) => a + b, 0);
  expect(Math.abs(g[j]! - want)).toBeLessThan(1e-3 * Math.abs(want));
});

test('bounded LM: a label at its bound is held and the others are re-solved (equal the constrained least-squares optimum)', () => {
  // r = A θ − b, unconstrained optimum has θ0 = 2 but θ0 ≤ 1.
  const r = rng(5);
  const m = 40;
  const A = Array.from({ length: m }, () => [r.normal(), r.normal(), r.normal()]);
  const truth = [2, -1, 0.5];
  const b = A.map((row) => row.reduce((s, a, k) => s + a * truth[k]!, 0) + 0.01 * r.normal());
  const problem = {
    lower: Float64Array.from([-3, -3, -3]),
    upper: Float64Array.from([1, 3, 3]),
    residuals: (ths: Float64Array[]) =>
      ths.map((t) =>
        Float64Array.from(A, (row, i) => (row[0]! * t[0]! + row[1]! * t[1]! + row[2]! * t[2]! - b[i]!) / 0.01),
      ),
  };
  const fit = boundedLevenbergMarquardt(problem, [0, 0, 0]);
  expect(fit.converged).toBe(true);
  expect(fit.theta[0]).toBe(1);
  expect(fit.atBound).toEqual([true, false, false]);
  // constrained optimum: θ0 = 1, solve the 2×2 normal equations for θ1, θ2
  let a11 = 0,
    a12 = 0,
    a22 = 0,
    c1 = 0,
    c2 = 0;
  A.forEach((row, i) => {
    const y = b[i]! - row[0]!;
    a11 += row[1]! * row[1]!;
    a12 += row[1]! * row[2]!;
    a22 += row[2]! * row[2]!;
    c1 += row[1]! * y;
    c2 += row[2]! * y;
  });
  const det = a11 * a22 - a12 * a12;
  // within 0.1σ (σ ≈ 0.01/√40 ≈ 1.6e-3): the LM stops when < 0.01 of χ² is left to gain
  expect(Math.abs(fit.theta[1]! - (a22 * c1 - a12 * c2) / det)).toBeLessThan(1.6e-4);
  expect(Math.abs(fit.theta[2]! - (a11 * c2 - a12 * c1) / det)).toBeLessThan(1.6e-4);
});

test('bounded LM with an exact Jacobian: a run continued from its returned θ and damping equals an uninterrupted run', () => {
  // Rosenbrock residuals (10 (θ1 − θ0²), 1 − θ0): a curved valley that takes many iterations.
  const res = (t: Float64Array) => Float64Array.from([10 * (t[1]! - t[0]! * t[0]!), 1 - t[0]!]);
  const problem = {
    lower: Float64Array.from([-2, -1]),
    upper: Float64Array.from([2, 3]),
    residuals: (ths: Float64Array[]) => ths.map(res),
    jacobian: (t: Float64Array) => ({
      residuals: res(t),
      columns: [Float64Array.from([-20 * t[0]!, -1]), Float64Array.from([10, 0])],
    }),
  };
  const whole = boundedLevenbergMarquardt(problem, [-1.2, 1], { maxIterations: 6 });
  const first = boundedLevenbergMarquardt(problem, [-1.2, 1], { maxIterations: 3 });
  const rest = boundedLevenbergMarquardt(problem, first.theta, { maxIterations: 3, lambda: first.lambda });
  expect(whole.iterations).toBe(6);
  expect(Array.from(rest.theta)).toEqual(Array.from(whole.theta));
  expect(rest.chi2).toBe(whole.chi2);
  // the same trial steps: only the continued run's first residual evaluation is extra
  expect(first.evaluations + rest.evaluations).toBe(whole.evaluations + 1);
  const done = boundedLevenbergMarquardt(problem, [-1.2, 1], { chi2Tolerance: 1e-14 });
  expect(done.converged).toBe(true);
  expect(Math.abs(done.theta[0]! - 1)).toBeLessThan(1e-5);
});

test("bounded LM: 'not-converged' when the model is not finite (Cholesky fails at every damping)", () => {
  const fit = boundedLevenbergMarquardt(
    {
      lower: Float64Array.from([0, 0]),
      upper: Float64Array.from([1, 1]),
      residuals: (ths) =>
        ths.map((t, i) => (i === 0 && t[0] === 0.5 ? Float64Array.from([1, 2]) : Float64Array.from([NaN, NaN]))),
    },
    [0.5, 0.5],
  );
  expect(fit.converged).toBe(false);
  expect(['cholesky', 'damping']).toContain(fit.reason);
});

test('a user-declared triple: with the third star weighted 0 it is the binary; declaration errors name the field', () => {
  const third = {
    ...BINSPEC_BINARY.components[0]!,
    rv: 'rv3',
    weight: { op: '*' as const, args: ['w3', 0] as [string, number] },
  };
  const triple: CompositeModelSpec = {
    ...BINSPEC_BINARY,
    name: 'triple',
    parameters: [
      ...BINSPEC_BINARY.parameters,
      { name: 'rv3', min: -250, max: 250, kind: 'velocity' },
      { name: 'w3', min: 0, max: 2 },
    ],
    components: [...BINSPEC_BINARY.components, third],
  };
  const opts = {
    emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized },
    regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 },
    continuumPixels: mask,
  };
  const ex = [{ wavelength: nets.normalized.wavelength.fixed!, sigma }];
  const bin = new CompositeModel(BINSPEC_BINARY, ex, opts);
  const tri = new CompositeModel(triple, ex, opts);
  const th = [5800, 4.4, -0.1, 0.05, 6, 4, 0.8, -20, 30];
  const a = bin.evaluate([th])[0]!;
  const c = tri.evaluate([[...th, 60, 1]])[0]!;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - c[i]!));
  expect(worst).toBeLessThan(1e-6);
  const bad = { ...triple, components: [...triple.components, { ...third, rv: 'rv9' }] };
  expect(() => new CompositeModel(bad, ex, opts)).toThrow(CompositeSpecError);
  expect(() => new CompositeModel(bad, ex, opts)).toThrow(/components\[3\]\.rv refers to 'rv9'/);
});
