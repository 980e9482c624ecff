import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  geluExact,
  geluExactComposite,
  geluTanh,
  geluTanhComposite,
  layerNorm,
  layerNormComposite,
  matMul,
  sumRows,
} from '../src/index';

// The fused custom-gradient LayerNorm and GELU against the composite ops they replace (tf autodiff): values and
// gradients on random data, on the wasm backend (the one training uses); finite differences of the fused ops are in
// gradients.test.ts, values against numpy in numpy.test.ts.

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});
afterAll(() => tf.disposeVariables());

function maxAbs(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

describe('fused LayerNorm and GELU = composite ops', () => {
  it('LayerNorm [B, Q, d] with scale and bias: value and the gradients of x, γ, β', () => {
    const x = tf.randomNormal([3, 7, 16], 0.3, 2, 'float32', 1);
    const s = tf.randomNormal([16], 1, 0.3, 'float32', 2);
    const b = tf.randomNormal([16], 0, 0.3, 'float32', 3);
    const w = tf.randomNormal([3, 7, 16], 0, 1, 'float32', 4); // loss = Σ w·y: a generic upstream gradient
    const before = tf.memory().numTensors;
    for (const eps of [1e-6, 1e-3]) {
      const fused = (xi: tf.Tensor, si: tf.Tensor, bi: tf.Tensor) =>
        tf.sum(tf.mul(layerNorm(xi, { scale: si, bias: bi }, eps), w));
      const plain = (xi: tf.Tensor, si: tf.Tensor, bi: tf.Tensor) =>
        tf.sum(tf.mul(layerNormComposite(xi, { scale: si, bias: bi }, eps), w));
      const y1 = layerNorm(x, { scale: s, bias: b }, eps);
      const y2 = layerNormComposite(x, { scale: s, bias: b }, eps);
      expect(maxAbs(y1, y2)).toBeLessThan(1e-5);
      const g1 = tf.grads(fused)([x, s, b]);
      const g2 = tf.grads(plain)([x, s, b]);
      g1.forEach((g, i) => {
        const scale = Math.max(...Array.from(g2[i]!.dataSync(), Math.abs));
        expect(maxAbs(g, g2[i]!) / scale).toBeLessThan(1e-4);
      });
      tf.dispose([y1, y2, ...g1, ...g2]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('GELU (exact): value and gradient, including large |x|', () => {
    const x = tf.concat([tf.randomNormal([200], 0, 3, 'float32', 5), tf.tensor1d([-9, -5, 0, 5, 9])]);
    const w = tf.randomNormal([205], 0, 1, 'float32', 6);
    expect(maxAbs(geluExact(x), geluExactComposite(x))).toBeLessThan(1e-6);
    const g1 = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(geluExact(xi), w)))(x);
    const g2 = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(geluExactComposite(xi), w)))(x);
    expect(maxAbs(g1, g2)).toBeLessThan(1e-5);
  });

  it('GELU (tanh form): value and gradient equal the composite, no tensor left behind', () => {
    const x = tf.concat([tf.randomNormal([300], 0, 3, 'float32', 7), tf.tensor1d([-12, -5, 0, 5, 12])]);
    const w = tf.randomNormal([305], 0, 1, 'float32', 8);
    const before = tf.memory().numTensors;
    const y1 = geluTanh(x);
    const y2 = geluTanhComposite(x);
    expect(maxAbs(y1, y2)).toBeLessThan(1e-6);
    const g1 = tf.grad((xi: tf.Tensor) => geluTanh(xi))(x, w);
    const g2 = tf.grad((xi: tf.Tensor) => geluTanhComposite(xi))(x, w);
    expect(maxAbs(g1, g2)).toBeLessThan(1e-5);
    tf.dispose([y1, y2, g1, g2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("wasm's Identity shares data once the fused ops ran: a clone reads the same values and outlives its source", () => {
    layerNorm(tf.ones([2, 4]), { scale: tf.ones([4]), bias: tf.zeros([4]) }).dispose(); // installs the shared Identity
    const before = tf.memory().numTensors;
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    const c = tf.add(b, 1); // kernels read the shared data
    expect(Array.from(c.dataSync())).toEqual([2, 3, 4]);
    tf.dispose([b, c]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sumRows on the wasm heap: column sums of [B, Q, N] and [R, N] equal tf.sum, its gradient broadcasts dy', () => {
    const before = tf.memory().numTensors;
    for (const shape of [
      [3, 7, 16],
      [50, 5],
    ]) {
      const x = tf.randomNormal(shape, 0.5, 2, 'float32', 9);
      const s1 = sumRows(x);
      const s2 = tf.tidy(() => tf.sum(tf.reshape(x, [-1, shape[shape.length - 1]!]), 0));
      expect(s1.shape).toEqual([shape[shape.length - 1]]);
      expect(maxAbs(s1, s2)).toBeLessThan(1e-5);
      const w = tf.randomNormal([shape[shape.length - 1]!], 0, 1, 'float32', 10);
      const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(sumRows(xi), w)))(x);
      const expected = tf.broadcastTo(w, shape);
      expect(maxAbs(g, expected)).toBe(0);
      tf.dispose([x, s1, s2, w, g, expected]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('batched matMul (wasm: one XNNPACK product per matrix) and its gradients equal tf.matMul with tf autodiff', () => {
    // [2, 1024, 64]: the backward transposes a matrix of 1 024 rows, which goes to the tiled heap transpose
    const a = tf.randomNormal([2, 1024, 64], 0, 1, 'float32', 11);
    const b = tf.randomNormal([2, 64, 8], 0, 1, 'float32', 12);
    const w = tf.randomNormal([2, 1024, 8], 0, 1, 'float32', 13);
    const before = tf.memory().numTensors;
    const y1 = matMul(a, b);
    const y2 = tf.matMul(a, b);
    const rel = (u: tf.Tensor, v: tf.Tensor) =>
      maxAbs(u, v) / v.dataSync().reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(rel(y1, y2)).toBeLessThan(1e-5);
    const g1 = tf.grads((ai: tf.Tensor, bi: tf.Tensor) =>
      tf.sum(tf.mul(matMul(ai as tf.Tensor3D, bi as tf.Tensor3D), w)),
    )([a, b]);
    const g2 = tf.grads((ai: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(tf.matMul(ai, bi), w)))([a, b]);
    g1.forEach((g, i) => expect(rel(g, g2[i]!)).toBeLessThan(1e-5));
    tf.dispose([y1, y2, ...g1, ...g2]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
