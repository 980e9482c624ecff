import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  type Parameters,
  createDense,
  createFeedForward,
  createLayerNorm,
  createMultiHeadAttention,
  createResiDualBlock,
  type ParameterSnapshot,
} from '../src/index';

export interface Arr {
  shape: number[];
  values: number[];
}
interface Fixture {
  dims: Record<'B' | 'Q' | 'T' | 'D' | 'H' | 'DKV' | 'DFF' | 'TOK', number>;
  params: Array<{ name: string; shape: number[]; values: number[] }>;
  cases: {
    dense: { x: Arr; y: Arr };
    layerNorm: { x: Arr; y: Arr; yPlain: Arr };
    gelu: { x: Arr; exact: Arr; tanh: Arr };
    mha: { q: Arr; kv: Arr; mask: Arr; y: Arr; weights: Arr; yMasked: Arr; weightsMasked: Arr };
    feedForward: { x: Arr; y: Arr };
    resiDual: { x: Arr; tokens: Arr; states: Array<{ xPre: Arr; xPost: Arr }>; weights0: Arr; output: Arr };
  };
}

export const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/attention.json', import.meta.url), 'utf8'),
) as Fixture;

export function tensor(a: Arr): tf.Tensor {
  return tf.tensor(a.values, a.shape, 'float32');
}

export function fixtureSnapshot(): ParameterSnapshot[] {
  return fixture.params.map((p) => ({ name: p.name, shape: p.shape, values: Float32Array.from(p.values) }));
}

/** Every layer of the fixture, built with the package's builders under the fixture's names. */
export function buildFixtureModel(params: Parameters) {
  const { D, H, DKV, DFF } = fixture.dims;
  const model = {
    dense: createDense(params, 'dense', { inDim: D, outDim: 6 }),
    ln: createLayerNorm(params, 'ln', { dim: D }),
    mha: createMultiHeadAttention(params, 'mha', { dim: D, heads: H, kvDim: DKV }),
    ff: createFeedForward(params, 'ff', { dim: D, hiddenDim: DFF }),
    blocks: [0, 1].map((i) =>
      createResiDualBlock(params, `blocks/${i}`, { dim: D, heads: H, hiddenDim: DFF, activation: 'gelu_tanh' }),
    ),
    decoderNorm: createLayerNorm(params, 'decoder_norm', { dim: D }),
  };
  return model;
}

/** max |a − b| after checking shapes. */
export function expectClose(actual: tf.Tensor, expected: Arr, atol: number, rtol = 0): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = expected.values[i]!;
    const err = Math.abs(a[i]! - e);
    worst = Math.max(worst, err);
    if (err > atol + rtol * Math.abs(e)) {
      expect.fail(`element ${i}: got ${a[i]}, expected ${e} (atol ${atol}, rtol ${rtol})`);
    }
  }
  return worst;
}

/**
 * Compare tf.grads of loss = Σ f(xs)·R (R fixed pseudo-random) with central finite differences, on
 * `samples` elements of every input; inputs listed in `zeroGradient` must have an all-zero gradient. Returns the largest |analytic − numeric|.
 */
export function checkGradients(
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  xs: tf.Tensor[],
  opts: { eps?: number; atol?: number; rtol?: number; samples?: number; zeroGradient?: number[] } = {},
): number {
  const { eps = 1e-2, atol = 2e-3, rtol = 2e-2, samples = 6, zeroGradient = [] } = opts;
  let worst = 0;
  tf.tidy(() => {
    const shape = f(...xs).shape;
    const size = shape.reduce((a, b) => a * b, 1);
    const r = tf.tensor(
      Array.from({ length: size }, (_, i) => Math.sin(1.7 * i + 0.3)),
      shape,
    );
    const loss = (...ys: tf.Tensor[]) => tf.sum(tf.mul(f(...ys), r));
    const analytic = tf
      .grads(loss)(xs)
      .map((g) => g.dataSync());
    xs.forEach((x, k) => {
      const base = x.dataSync().slice() as Float32Array;
      const n = base.length;
      let nonzero = 0;
      for (let s = 0; s < Math.min(samples, n); s++) {
        const i = Math.floor((((s * 7919 + 13 * k) % n) + (s * n) / samples) % n);
        const plus = base.slice();
        plus[i]! += eps;
        const minus = base.slice();
        minus[i]! -= eps;
        const args = (v: Float32Array) => xs.map((y, j) => (j === k ? tf.tensor(v, x.shape) : y));
        const numeric = (loss(...args(plus)).dataSync()[0]! - loss(...args(minus)).dataSync()[0]!) / (2 * eps);
        const a = analytic[k]![i]!;
        if (Math.abs(a) > 1e-4) nonzero++;
        worst = Math.max(worst, Math.abs(a - numeric));
        if (Math.abs(a - numeric) > atol + rtol * Math.abs(numeric)) {
          expect.fail(`input ${k}, element ${i}: analytic ${a}, finite difference ${numeric}`);
        }
      }
      if (zeroGradient.includes(k)) {
        // e.g. the key bias: softmax is invariant to a per-query constant, so its gradient is exactly 0
        expect(Math.max(...Array.from(analytic[k]!, Math.abs))).toBeLessThan(1e-5);
      } else {
        expect(nonzero, `input ${k} has only zero gradients at the sampled elements`).toBeGreaterThan(0);
      }
    });
  });
  return worst;
}
