import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Parameters, createDense, createMultiHeadAttention } from '../src/index';

describe('Parameters adapters (LoRA hook)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('routes a dense kernel through the adapter at apply time, with gradients reaching the adapter weights', () => {
    const params = new Parameters({ seed: 1 });
    const layer = createDense(params, 'input', { inDim: 3, outDim: 2 });
    const x = tf.tensor2d([[1, 2, 3]]);
    const base = layer.apply(x).dataSync();
    const w = params.get('input/kernel').dataSync();
    const b = params.get('input/bias').dataSync();
    // A rank-1 update A·B with A [3,1], B [1,2]: the layer must now compute x·(W + A·B) + b.
    const a = tf.variable(tf.tensor2d([[0.5], [-1], [2]]));
    const bb = tf.variable(tf.tensor2d([[1, -2]]));
    params.setAdapter('input/kernel', (kernel) => tf.add(kernel, tf.matMul(a, bb)));
    expect(params.adapted()).toEqual(['input/kernel']);
    const adapted = tf.tidy(() => layer.apply(x).dataSync());
    const xa = 1 * 0.5 + 2 * -1 + 3 * 2; // x·A = 4.5
    for (let j = 0; j < 2; j++) {
      const expected = 1 * w[j]! + 2 * w[2 + j]! + 3 * w[4 + j]! + b[j]! + xa * [1, -2][j]!;
      expect(adapted[j]).toBeCloseTo(expected, 5);
    }
    // d(sum(y))/dB = (x·A) summed over outputs' columns → [4.5, 4.5]; the base kernel gets no role in that gradient.
    const { grads } = tf.variableGrads(() => tf.sum(layer.apply(x)) as tf.Scalar, [bb]);
    expect(Array.from(grads[bb.name]!.dataSync())).toEqual([4.5, 4.5]);
    params.setAdapter('input/kernel', null);
    expect(Array.from(layer.apply(x).dataSync())).toEqual(Array.from(base));
    tf.dispose([x, a, bb, grads[bb.name]!]);
    params.dispose();
  });

  it('does not leak tensors when adapted kernels are read outside a tidy', () => {
    const params = new Parameters({ seed: 2 });
    const attention = createMultiHeadAttention(params, 'attention', { dim: 4, heads: 2 });
    const delta = tf.variable(tf.fill([4, 4], 0.01));
    for (const name of params.names().filter((n) => n.endsWith('kernel'))) {
      params.setAdapter(name, (w) => tf.add(w, delta));
    }
    const q = tf.ones([1, 3, 4]);
    const tokens = tf.ones([1, 5, 4]);
    const run = () => {
      const kv = attention.projectKeyValues(tokens);
      const { output, attentionWeights } = attention.attendWithKeyValues(q, kv);
      tf.dispose([output, attentionWeights, kv.kT, kv.v]);
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, tokens, delta]);
    params.dispose();
  });

  it('rejects an adapter for an unknown parameter', () => {
    const params = new Parameters();
    expect(() => params.setAdapter('nope/kernel', (v) => v)).toThrow(/no parameter 'nope\/kernel'/);
  });
});
