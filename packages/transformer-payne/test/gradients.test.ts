import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformerPayne, type TransformerPayne } from '../src/index';
import { LABELS, WAVELENGTH_RANGE, grid, loadFixtureWeights } from './helpers';

// central differences in float32: step h, |analytic − numeric| ≤ ATOL + RTOL·|numeric|
const ATOL = 2e-3;
const RTOL = 2e-2;

describe('gradients (small preset, cpu)', () => {
  let model: TransformerPayne;
  const w = grid(12, 4050, 4950);
  let r: tf.Tensor2D; // fixed pseudo-random weights of the scalar loss Σ flux · r
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = createTransformerPayne({ preset: 'small', labels: LABELS, wavelengthRange: WAVELENGTH_RANGE });
    loadFixtureWeights(model);
    r = tf.tensor2d(
      Array.from({ length: 2 * 12 }, (_, i) => Math.sin(1.7 * i + 0.3)),
      [2, 12],
    );
  });
  afterAll(() => {
    r.dispose();
    model.dispose();
  });

  const loss = (labels: tf.Tensor2D) => tf.sum(tf.mul(model.predict(labels, w), r)) as tf.Scalar;

  it('∂loss/∂labels (physical units, through predict) matches central finite differences', () => {
    const rows = [
      [5000, 4.5, -0.5],
      [4400, 4.2, 0.3],
    ];
    const x = tf.tensor2d(rows);
    const analytic = tf.tidy(
      () =>
        tf
          .grad((t: tf.Tensor) => loss(t as tf.Tensor2D))(x)
          .arraySync() as number[][],
    );
    let nonzero = 0;
    rows.forEach((row, b) =>
      row.forEach((_, l) => {
        const h = 0.01 * (LABELS[l]!.max - LABELS[l]!.min); // 1 % of the range: 0.01 in scaled units
        const at = (d: number) =>
          tf.tidy(
            () =>
              loss(
                tf.tensor2d(rows.map((rr, bb) => rr.map((v, ll) => (bb === b && ll === l ? v + d : v)))),
              ).dataSync()[0]!,
          );
        const numeric = (at(h) - at(-h)) / (2 * h);
        const a = analytic[b]![l]!;
        // compare in scaled units (× range), where both are O(1)
        const range = LABELS[l]!.max - LABELS[l]!.min;
        expect(
          Math.abs(a - numeric) * range,
          `label ${l} of spectrum ${b}: analytic ${a}, numeric ${numeric}`,
        ).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(numeric) * range);
        if (Math.abs(a * range) > 1e-2) nonzero++;
      }),
    );
    expect(nonzero).toBeGreaterThanOrEqual(4);
    x.dispose();
  });

  it('every trainable variable gets a finite gradient; sampled weights match finite differences', () => {
    const x = tf.tensor2d([
      [5000, 4.5, -0.5],
      [4400, 4.2, 0.3],
    ]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => loss(x), model.trainableVariables());
    const names = model.parameters.names();
    expect(Object.keys(grads)).toHaveLength(names.length);
    const byName = new Map(model.parameters.entries().map(([n, v]) => [n, grads[v.name]!]));
    const zero: string[] = [];
    for (const [name, g] of byName) {
      expect(g, name).toBeDefined();
      const gv = g.dataSync();
      expect(gv.every(Number.isFinite), `${name} has a non-finite gradient`).toBe(true);
      if (gv.every((v) => v === 0)) zero.push(name);
    }
    expect(zero).toEqual([]);
    // softmax is invariant to a per-query constant, so the key biases' gradients vanish up to rounding
    for (let i = 0; i < 4; i++) {
      const g = byName.get(`blocks/${i}/attention/key/bias`)!;
      expect(tf.tidy(() => g.abs().max().dataSync()[0]!)).toBeLessThan(1e-5);
    }
    const samples: Array<[string, number]> = [
      ['input/kernel', 5],
      ['tokens/kernel', 1234],
      ['blocks/0/attention/query/kernel', 77],
      ['blocks/2/kv_norm/scale', 3],
      ['blocks/3/feed_forward/dense_1/kernel', 4321],
      ['head/norm/bias', 9],
      ['head/dense_1/bias', 0],
    ];
    for (const [name, i] of samples) {
      const v = model.parameters.get(name);
      const base = v.dataSync().slice() as Float32Array;
      const at = (d: number) => {
        const p = base.slice();
        p[i]! += d;
        model.parameters.assign(name, p);
        return tf.tidy(() => loss(x).dataSync()[0]!);
      };
      const h = 1e-2;
      const numeric = (at(h) - at(-h)) / (2 * h);
      model.parameters.assign(name, base);
      const a = byName.get(name)!.dataSync()[i]!;
      expect(Math.abs(a - numeric), `${name}[${i}]: analytic ${a}, numeric ${numeric}`).toBeLessThanOrEqual(
        ATOL + RTOL * Math.abs(numeric),
      );
      expect(Math.abs(a), `${name}[${i}] gradient is ~0: the check would be vacuous`).toBeGreaterThan(1e-3);
    }
    value.dispose();
    tf.dispose(Object.values(grads));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
