import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { setHostBlas } from '@astroemu/backend';
import { loadNativeBlas } from '@astroemu/native-blas';
import { BroydenUpdate } from '../src/broydenUpdate';
import { gramMatrix, rowDots } from '../src/gramMatrix';
import { prepareSpectra } from '../src/prepareSpectra';
import { SpectrumModel } from '../src/spectrumModel';
import { createAnalyticEmulator } from '../../crb/test/analyticEmulator';
import { observe } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => setHostBlas(undefined));

// The native parts run where the optional accelerator is built, and always in CI (ASTROEMU_REQUIRE_NATIVE=1 there
// makes a missing addon fail them).
const NATIVE = loadNativeBlas() !== undefined || process.env.ASTROEMU_REQUIRE_NATIVE === '1';

const FIT = ['Teff', 'logg', 'Fe', 'Mg'];

/** Float64 reference of X Yᵀ for row-major X [n, K], Y [m, K]. */
function products(x: Float32Array, n: number, y: Float32Array, m: number, K: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) for (let k = 0; k < K; k++) out[i * m + j] += x[i * K + k] * y[j * K + k];
  return out;
}

it('rowDots = B Vᵀ (float64 sums) for 1–5 vectors, and with the native accelerator (float32 sums) the same to 1e-5', () => {
  const K = 513;
  const P = 7;
  const B = Float32Array.from({ length: 2 * P * K }, (_, i) => Math.sin(0.21 * i) + 0.05 * Math.cos(0.7 * i * i));
  for (const m of [1, 2, 3, 4, 5]) {
    const V = Float32Array.from({ length: m * K }, (_, i) => Math.cos(0.13 * i + m));
    const ref = products(B.subarray(P * K), P, V, m, K);
    const js = new Float64Array(P * m);
    rowDots(B, P * K, P, K, V, m, js);
    js.forEach((x, i) => expect(x).toBeCloseTo(ref[i], 9));
    if (!NATIVE) continue;
    const blas = loadNativeBlas();
    expect(blas, 'build the addon: npm run build:native').toBeDefined();
    setHostBlas(blas);
    const native = new Float64Array(P * m);
    rowDots(B, P * K, P, K, V, m, native);
    setHostBlas(undefined);
    native.forEach((x, i) => expect(Math.abs(x - ref[i])).toBeLessThan(1e-5 * (1 + Math.abs(ref[i]))));
  }
});

it.runIf(NATIVE)(
  'gramMatrix with the native accelerator equals the float64 JavaScript Gram to float32 precision',
  () => {
    const K = 7214;
    const n = 27;
    const x = Float32Array.from({ length: n * K }, (_, i) => Math.sin(0.37 * i) * (1 + (i % 5)));
    const js = new Float64Array(n * n);
    gramMatrix(x, n, K, js);
    const ref = products(x, n, x, n, K);
    js.forEach((v, i) => expect(v).toBeCloseTo(ref[i], 6));
    setHostBlas(loadNativeBlas());
    const native = new Float64Array(n * n);
    gramMatrix(x, n, K, native);
    native.forEach((v, i) =>
      expect(Math.abs(v - ref[i])).toBeLessThan(
        2e-6 * Math.sqrt(ref[(i % n) * (n + 1)] * ref[Math.floor(i / n) * (n + 1)]),
      ),
    );
  },
);

it.runIf(NATIVE)(
  'assemble: the label columns from the native lerpRows equal the JavaScript ones, and so do JᵀWJ and JᵀWr',
  () => {
    const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
    const spectra = [0, 1].map((i) =>
      observe(emu.lines, [5000 + 300 * i, 4.5, -0.3, 0.2, 0], 30 - 50 * i, 100, 31 + i, 5000, 5040, 2e-5, [1, 0]),
    );
    const batch = prepareSpectra(emu, spectra, { fit: FIT }, -500, 500, 5);
    const L = emu.labels.length;
    const fixed = new Float64Array(2 * L);
    for (let s = 0; s < 2; s++) emu.labels.forEach((l, c) => (fixed[s * L + c] = 0.5 * (l.min + l.max)));
    const model = new SpectrumModel({
      emulator: emu,
      batch,
      free: [0, 1, 2, 3],
      fixedLabels: fixed,
      rvFit: true,
      rvFixed: new Float64Array(2),
    });
    const { P } = model;
    const K = batch.K;
    const rows = Int32Array.of(0, 1);
    const theta = Float64Array.of(0.1, -0.1, 0.05, 0, 18, -0.2, 0.15, 0.3, -0.1, -41);
    const rest = model.restFluxHost(theta, rows);
    const run = () => {
      const B = new Float32Array(2 * (P + 1) * K);
      const ne = model.assemble(
        theta,
        rows,
        rest,
        model.restJacobian(theta, rows, 1e-3),
        undefined,
        B,
        new Float64Array(2 * K),
      );
      return { B, ne };
    };
    const js = run();
    const blas = loadNativeBlas();
    expect(blas?.lerpRows, 'build the addon: npm run build:native').toBeDefined();
    setHostBlas(blas);
    const native = run();
    setHostBlas(undefined);
    model.dispose();
    expect(Array.from(native.B)).toEqual(Array.from(js.B));
    expect(js.B.some((v) => v !== 0)).toBe(true);
    const A = js.ne.A!;
    for (let r = 0; r < 2; r++) {
      const d = (i: number) => A[r * P * P + i * (P + 1)];
      for (let i = 0; i < P; i++)
        for (let j = 0; j < P; j++)
          expect(Math.abs(native.ne.A![r * P * P + i * P + j] - A[r * P * P + i * P + j])).toBeLessThan(
            2e-6 * Math.sqrt(d(i) * d(j)),
          );
    }
    js.ne.chi2.forEach((c, i) => expect(native.ne.chi2[i]).toBe(c));
  },
);

it("Broyden's update without keeping B (the LM's default: one secant step) gives the same JᵀWJ, JᵀWr and χ² as with it", () => {
  const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
  const obs = observe(emu.lines, [5000, 4.5, -0.3, 0.2, 0], 20, 100, 11, 5000, 5040, 2e-5, [1.01, 0.02]);
  const batch = prepareSpectra(emu, [obs], { fit: FIT }, -500, 500, 5);
  const fixed = Float64Array.from(emu.labels, (s) => 0.5 * (s.min + s.max));
  const model = new SpectrumModel({
    emulator: emu,
    batch,
    free: [0, 1, 2, 3],
    fixedLabels: fixed,
    rvFit: true,
    rvFixed: Float64Array.of(0),
  });
  const { P } = model;
  const K = batch.K;
  const one = Int32Array.of(0);
  const theta = Float64Array.of(0.1, -0.1, 0.05, 0, 18);
  const trial = Float64Array.of(0.13, -0.12, 0.02, 0.01, 20.5);
  const rest = model.restFluxHost(theta, one);
  const B = new Float32Array((P + 1) * K);
  const modelW = new Float64Array(K);
  const ne = model.assemble(theta, one, rest, model.restJacobian(theta, one, 1e-3), undefined, B, modelW);
  const restT = model.restFluxHost(trial, one);
  const copies = [true, false].map((keepB) => {
    const [A, g, b, mw] = [
      Float64Array.from(ne.A!),
      Float64Array.from(ne.g!),
      Float32Array.from(B),
      Float64Array.from(modelW),
    ];
    const x2 = new BroydenUpdate(model).apply(0, 0, theta, trial, 0, restT, b, mw, A, g, keepB);
    return { A, g, x2, bChanged: b.some((v, i) => v !== B[i]) };
  });
  model.dispose();
  expect(copies[0].bChanged).toBe(true);
  expect(copies[1].bChanged).toBe(false);
  expect(copies[1].x2).toBe(copies[0].x2);
  copies[0].A.forEach((a, i) =>
    expect(Math.abs(copies[1].A[i] - a)).toBeLessThan(
      1e-6 * Math.sqrt(copies[0].A[(i % P) * (P + 1)] * copies[0].A[Math.floor(i / P) * (P + 1)]),
    ),
  );
  copies[0].g.forEach((x, i) => expect(copies[1].g[i]).toBeCloseTo(x, 3));
});

it('rows at equal labels are predicted once; each spectrum is charged its share', () => {
  const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
  const spectra = [0, 1, 2].map((i) =>
    observe(emu.lines, [5000, 4.5, -0.3 + 0.1 * i, 0.2, 0], 10 * i, 100, 20 + i, 5000, 5040, 2e-5, [1, 0]),
  );
  const batch = prepareSpectra(emu, spectra, { fit: FIT }, -500, 500, 5);
  const fixed = new Float64Array(3 * emu.labels.length);
  for (let s = 0; s < 3; s++) emu.labels.forEach((l, c) => (fixed[s * emu.labels.length + c] = 0.5 * (l.min + l.max)));
  let predicted = 0;
  const counting = {
    ...emu,
    labels: emu.labels,
    wavelength: emu.wavelength,
    predict: (x: tf.Tensor2D, w?: tf.Tensor1D | Float64Array) => ((predicted += x.shape[0]), emu.predict(x, w)),
  };
  const model = new SpectrumModel({
    emulator: counting as typeof emu,
    batch,
    free: [0, 1, 2, 3],
    fixedLabels: fixed,
    rvFit: true,
    rvFixed: new Float64Array(3),
  });
  const P = model.P;
  // rows: spectra 0, 1, 2 at the box centre, spectrum 2 once more at the centre and once elsewhere
  const theta = new Float64Array(5 * P);
  theta[4 * P] = 0.2;
  const rows = Int32Array.of(0, 1, 2, 2, 2);
  const flux = model.restFluxHost(theta, rows);
  const each = [0, 1, 2, 3, 4].map((r) =>
    model.restFluxHost(theta.subarray(r * P, (r + 1) * P), Int32Array.of(rows[r])),
  );
  const N = model.restLength;
  each.forEach((f, r) => expect(Array.from(flux.subarray(r * N, (r + 1) * N))).toEqual(Array.from(f)));
  expect(predicted).toBe(2 + 5);
  // batched call: the centre row split 4 ways (1/4 each to spectra 0 and 1, 2/4 to spectrum 2) + spectrum 2's own row;
  // then one row each from the single-row calls
  expect(Array.from(model.evaluations)).toEqual([0.25 + 1, 0.25 + 1, 0.5 + 1 + 3]);
  model.dispose();
});
