import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { ConfigError, type LabelSpec } from '@astroemu/emulator-core';
import { createPayne, payneParameterCount, PayneEmulator } from '../src/index';

const L = 100;
const M = 22_315;
const labels: LabelSpec[] = Array.from({ length: L }, (_, i) => ({ name: `l${i}`, min: -1, max: 1 }));
// R = 100 000 log-uniform over 4000–5000 Å (DESIGN.md): 22 315 pixels
const wavelength = Float64Array.from({ length: M }, (_, i) => 4000 * Math.exp(i / 100_000));
const dense = (dims: number[]): number => dims.slice(1).reduce((n, out, i) => n + dims[i]! * out + out, 0);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('The Payne (paper preset): exact parameter count and shapes, one prediction', () => {
  const em = createPayne({ preset: 'payne', labels, wavelength });
  expect(em.parameterCount()).toBe(dense([L, 128, 128, M]));
  expect(em.parameterCount()).toBe(2_908_075);
  expect(payneParameterCount(em.config() as never)).toBe(2_908_075);
  expect(em.parameters.names()).toEqual([
    'input/kernel',
    'input/bias',
    'hidden/0/kernel',
    'hidden/0/bias',
    'output/kernel',
    'output/bias',
  ]);
  expect(em.parameters.get('input/kernel').shape).toEqual([L, 128]);
  expect(em.parameters.get('output/kernel').shape).toEqual([128, M]);
  // one prediction at paper size against a float64 forward pass written out here (plain loops, exact GELU with an
  // erf good to 1.5e-7): labels in [-1, 1] scale to x = label / 2
  const label = Array.from({ length: L }, (_, j) => 0.9 * Math.sin(j + 1));
  const y = tf.tidy(() => em.predict(tf.tensor2d([label])));
  expect(y.shape).toEqual([1, M]);
  const want = forward64(
    em,
    label.map((v) => v / 2),
    [L, 128, 128, M],
  );
  const got = y.dataSync();
  let worst = 0;
  for (let m = 0; m < M; m++) worst = Math.max(worst, Math.abs(got[m]! - want[m]!));
  expect(worst).toBeLessThan(2e-6);
  expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(0.05); // not a constant spectrum
  y.dispose();
  em.dispose();
});

test('BigPayne: exact parameter count (≈ 54 M) and layer names', () => {
  const em = createPayne({ preset: 'bigPayne', labels, wavelength });
  expect(em.parameterCount()).toBe(dense([L, 2048, 2048, 2048, M]));
  expect(em.parameterCount()).toBe(54_322_987);
  expect(em.parameters.names().filter((n) => n.endsWith('kernel'))).toEqual([
    'input/kernel',
    'hidden/0/kernel',
    'hidden/1/kernel',
    'output/kernel',
  ]);
  em.dispose();
});

test('small preset and options; invalid options are ConfigErrors', () => {
  const small = createPayne({ preset: 'small', labels: labels.slice(0, 3), wavelength: wavelength.subarray(0, 50) });
  expect(small).toBeInstanceOf(PayneEmulator);
  expect(small.architecture).toMatchObject({ hidden: [32, 32], activation: 'gelu', outputActivation: 'sigmoid' });
  expect(small.parameterCount()).toBe(dense([3, 32, 32, 50]));
  small.dispose();
  expect(() => createPayne({ preset: 'small', labels: labels.slice(0, 3), wavelength: [5000, 4999] })).toThrow(
    /strictly increasing/,
  );
  expect(() =>
    createPayne({ labels: labels.slice(0, 3), wavelength: [5000, 5001], activation: 'relu6' as never }),
  ).toThrow(ConfigError);
  expect(() => createPayne({ preset: 'huge' as never, labels, wavelength })).toThrow(
    /preset must be one of payne, paper, bigPayne, small/,
  );
});

/** erf by Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** The Payne in float64: gelu hidden layers, sigmoid output, weights read from the emulator (kernels [in, out]). */
function forward64(em: PayneEmulator, x: number[], dims: number[]): Float64Array {
  const names = ['input', ...dims.slice(2, -1).map((_, i) => `hidden/${i}`), 'output'];
  let h = Float64Array.from(x);
  names.forEach((name, k) => {
    const W = em.parameters.get(`${name}/kernel`).dataSync();
    const b = em.parameters.get(`${name}/bias`).dataSync();
    const [nIn, nOut] = [dims[k]!, dims[k + 1]!];
    const out = Float64Array.from(b);
    for (let i = 0; i < nIn; i++) {
      const hi = h[i]!;
      for (let o = 0; o < nOut; o++) out[o] += hi * W[i * nOut + o]!;
    }
    const last = k === names.length - 1;
    h = out.map((z) => (last ? 1 / (1 + Math.exp(-z)) : 0.5 * z * (1 + erf(z / Math.SQRT2))));
  });
  return h;
}
