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
  expect(em.parameters.names()).toEqual(['input/kernel', 'input/bias', 'hidden/0/kernel', 'hidden/0/bias', 'output/kernel', 'output/bias']);
  expect(em.parameters.get('input/kernel').shape).toEqual([L, 128]);
  expect(em.parameters.get('output/kernel').shape).toEqual([128, M]);
  const y = tf.tidy(() => em.predict(tf.zeros([1, L])));
  expect(y.shape).toEqual([1, M]);
  const v = y.dataSync();
  expect(v.every((f) => f > 0 && f < 1)).toBe(true); // sigmoid output
  y.dispose();
  em.dispose();
});

test('BigPayne: exact parameter count (≈ 54 M) and layer names', () => {
  const em = createPayne({ preset: 'bigPayne', labels, wavelength });
  expect(em.parameterCount()).toBe(dense([L, 2048, 2048, 2048, M]));
  expect(em.parameterCount()).toBe(54_322_987);
  expect(em.parameters.names().filter((n) => n.endsWith('kernel'))).toEqual(['input/kernel', 'hidden/0/kernel', 'hidden/1/kernel', 'output/kernel']);
  em.dispose();
});

test('small preset and options; invalid options are ConfigErrors', () => {
  const small = createPayne({ preset: 'small', labels: labels.slice(0, 3), wavelength: wavelength.subarray(0, 50) });
  expect(small).toBeInstanceOf(PayneEmulator);
  expect(small.architecture).toMatchObject({ hidden: [32, 32], activation: 'gelu', outputActivation: 'sigmoid' });
  expect(small.parameterCount()).toBe(dense([3, 32, 32, 50]));
  small.dispose();
  expect(() => createPayne({ preset: 'small', labels: labels.slice(0, 3), wavelength: [5000, 4999] })).toThrow(/strictly increasing/);
  expect(() => createPayne({ labels: labels.slice(0, 3), wavelength: [5000, 5001], activation: 'relu6' as never })).toThrow(ConfigError);
  expect(() => createPayne({ preset: 'huge' as never, labels, wavelength })).toThrow(/preset must be one of payne, paper, bigPayne, small/);
});
