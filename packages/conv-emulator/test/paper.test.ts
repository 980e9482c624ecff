import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { ConfigError, DomainError, type LabelSpec } from '@astroemu/emulator-core';
import { convParameterCount, createConvEmulator } from '../src/index';
import { expectNoLeak } from './helpers';

const L = 100;
const M = 22_315;
const labels: LabelSpec[] = Array.from({ length: L }, (_, i) => ({ name: `l${i}`, min: -1, max: 1 }));
const wavelength = Float64Array.from({ length: M }, (_, i) => 4000 * Math.exp(i / 100_000));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('paper preset: exact parameter count (≈ 8.6 M), names and shapes, one prediction of 22 315 pixels', async () => {
  const em = createConvEmulator({ preset: 'paper', labels, wavelength });
  const dense = L * 2048 + 2048 + 2 * (2048 * 2048 + 2048);
  const deconv = 4 * 4 * 8 + 8 + 4 * (4 * 8 * 8 + 8);
  const conv = 3 * 8 * 32 + 32 + (3 * 32 * 32 + 32) + (32 + 1);
  expect(em.parameterCount()).toBe(dense + deconv + conv);
  expect(em.parameterCount()).toBe(8_604_681);
  expect(convParameterCount(em.config() as never)).toBe(8_604_681);
  expect(em.samples).toBe(16_384);
  expect(em.parameters.names().filter((n) => n.endsWith('/kernel'))).toEqual([
    'input/kernel',
    'hidden/0/kernel',
    'hidden/1/kernel',
    'deconv/0/kernel',
    'deconv/1/kernel',
    'deconv/2/kernel',
    'deconv/3/kernel',
    'deconv/4/kernel',
    'conv/0/kernel',
    'conv/1/kernel',
    'output/kernel',
  ]);
  expect(em.parameters.get('input/kernel').shape).toEqual([L, 2048]);
  expect(em.parameters.get('deconv/0/kernel').shape).toEqual([4, 4, 8]);
  expect(em.parameters.get('conv/1/kernel').shape).toEqual([3, 32, 32]);
  expect(em.parameters.get('output/kernel').shape).toEqual([1, 32, 1]);
  await expectNoLeak(() => {
    const y = tf.tidy(() => em.predict(tf.zeros([1, L])));
    expect(y.shape).toEqual([1, M]);
    expect(y.dataSync().every((f) => f > 0 && f < 1)).toBe(true);
    y.dispose();
  });
  em.dispose();
});

test('small preset, options, domain and config errors', () => {
  const small = createConvEmulator({
    preset: 'small',
    labels: labels.slice(0, 3),
    wavelength: wavelength.subarray(0, 100),
  });
  expect(small.samples).toBe(2048);
  expect(small.architecture).toMatchObject({
    dense: [256, 256],
    baseLength: 64,
    convFeatures: [16, 16],
    activation: 'gelu',
    samplePlacement: 'pixel',
  });
  const x = tf.tensor2d([[2, 0, 0]]);
  expect(() => small.predict(x)).toThrow(DomainError);
  expect(() => small.predict(x)).toThrow(/label 'l0' of spectrum 0 is 2, expected within \[-1, 1\]/);
  const y = small.predict(x, undefined, { extrapolate: true });
  expect(y.shape).toEqual([1, 100]);
  tf.dispose([x, y]);
  small.dispose();
  expect(() => createConvEmulator({ preset: 'small', labels, wavelength, dense: [100] })).toThrow(ConfigError);
  expect(() => createConvEmulator({ preset: 'small', labels, wavelength, dense: [100] })).toThrow(
    /last dense width \(100\) must equal baseLength × baseChannels = 64 × 4 = 256/,
  );
  expect(() => createConvEmulator({ preset: 'tiny' as never, labels, wavelength })).toThrow(
    /preset must be one of paper, small/,
  );
});
