import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { DomainError, ShapeError, type LabelSpec } from '@astroemu/emulator-core';
import { createPayne, type PayneActivation, type PayneOutputActivation } from '../src/index';
import { expectClose, expectNoLeak, readJson } from './helpers';

interface Case {
  activation: PayneActivation;
  outputActivation: PayneOutputActivation;
  weights: Array<{ name: string; shape: number[]; values: number[] }>;
  labels: number[][];
  flux: number[][];
  r: number[][];
  loss: number;
  gradLabels: number[][];
  gradWeights: Record<string, number[]>;
}
const fx = readJson<{ labels: LabelSpec[]; wavelength: number[]; hidden: number[]; cases: Case[] }>('payne_mlp.json');

function build(c: Case) {
  const weights = new Map(c.weights.map((w) => [w.name, tf.tensor(w.values, w.shape)] as const));
  const em = createPayne({
    labels: fx.labels,
    wavelength: fx.wavelength,
    hidden: fx.hidden,
    activation: c.activation,
    outputActivation: c.outputActivation,
    weights,
  });
  weights.forEach((t) => t.dispose());
  return em;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(fx.cases)('Payne MLP, $activation hidden / $outputActivation output, against numpy (float64)', (c) => {
  test('predictions match to 2e-6 (float32)', async () => {
    const em = build(c);
    await expectNoLeak(() => {
      const y = tf.tidy(() => em.predict(tf.tensor2d(c.labels)));
      expect(y.shape).toEqual([c.labels.length, fx.wavelength.length]);
      expectClose(y.dataSync(), c.flux.flat(), 1e-6, 2e-6);
      y.dispose();
    });
    em.dispose();
  });

  test('gradient w.r.t. physical labels matches float64 central differences', async () => {
    const em = build(c);
    await expectNoLeak(() => {
      const r = tf.tensor2d(c.r);
      const x0 = tf.tensor2d(c.labels);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(em.predict(x as tf.Tensor2D), r)))(x0);
      // gradients w.r.t. Teff are ~1e-4 per K: compare with a tolerance relative to the column's magnitude
      const want = c.gradLabels.flat();
      const got = g.dataSync();
      for (let j = 0; j < fx.labels.length; j++) {
        const col = want.filter((_, i) => i % fx.labels.length === j);
        const scale = Math.max(...col.map(Math.abs));
        for (let i = j; i < want.length; i += fx.labels.length)
          expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(2e-5 * scale + 1e-9);
      }
      tf.dispose([r, g, x0]);
    });
    em.dispose();
  });

  test('gradient w.r.t. every weight matches float64 central differences', async () => {
    const em = build(c);
    await expectNoLeak(() => {
      const x = tf.tensor2d(c.labels);
      const r = tf.tensor2d(c.r);
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(em.predict(x), r)) as tf.Scalar,
        em.trainableVariables(),
      );
      expect(value.dataSync()[0]).toBeCloseTo(c.loss, 4);
      for (const [name, v] of em.parameters.entries()) {
        const want = c.gradWeights[name]!;
        const scale = Math.max(...want.map(Math.abs));
        expectClose(grads[v.name]!.dataSync(), want, 0, 3e-5 * scale + 1e-7);
      }
      tf.dispose([x, r, value, ...Object.values(grads)]);
    });
    em.dispose();
  });
});

describe('label domain', () => {
  const c = fx.cases[0]!;
  test('outside [min, max] is a DomainError unless extrapolate; scaling does not clip', async () => {
    const em = build(c);
    const inside = c.labels[0]!;
    const outside = [7000, ...inside.slice(1)];
    await expectNoLeak(() => {
      const x = tf.tensor2d([outside]);
      expect(() => em.predict(x)).toThrow(DomainError);
      expect(() => em.predict(x)).toThrow(
        /label 'Teff' of spectrum 0 is 7000, expected within \[4000, 6000\].*extrapolate: true/,
      );
      const y = em.predict(x, undefined, { extrapolate: true });
      const s = em.scale(x);
      expect(s.dataSync()[0]).toBeCloseTo(1.0, 6); // (7000 − 4000)/2000 − 0.5 = 1: not clipped to 0.5
      const edge = tf.tensor2d([[6000, 5, 1]]);
      em.predict(edge).dispose(); // bounds themselves are inside
      const nan = tf.tensor2d([[NaN, 4.5, 0]]);
      expect(() => em.predict(nan, undefined, { extrapolate: true })).toThrow(/label 'Teff' of spectrum 0 is NaN/);
      tf.dispose([x, y, s, edge, nan]);
    });
    em.dispose();
  });

  test('wrong label shape is a ShapeError; a different wavelength grid is refused', () => {
    const em = build(c);
    const x = tf.tensor2d([[5000, 4.5]]);
    expect(() => em.predict(x)).toThrow(ShapeError);
    expect(() => em.predict(x)).toThrow(/shape \[B, 3\] \(Teff, logg, \[Fe\/H\]\); got shape \[1, 2\]/);
    const ok = tf.tensor2d([c.labels[0]!]);
    expect(() => em.predict(ok, Float64Array.from([5000, 5001]))).toThrow(DomainError);
    em.predict(ok, Float64Array.from(fx.wavelength)).dispose();
    tf.dispose([x, ok]);
    em.dispose();
  });
});
