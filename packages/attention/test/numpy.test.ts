import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Parameters,
  dense,
  disposeKeyValues,
  geluExact,
  geluTanh,
  gelu,
  layerNorm,
  resiDualInit,
  resiDualOutput,
  softmaxAttention,
  type ResiDualState,
} from '../src/index';
import { buildFixtureModel, expectClose, fixture, fixtureSnapshot, tensor } from './helpers';

const c = fixture.cases;
const ATOL = 2e-5;

describe('values against the numpy float64 implementation (scripts/fixtures/attention_fixtures.py)', () => {
  let params: Parameters;
  let model: ReturnType<typeof buildFixtureModel>;
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
    params = new Parameters({ seed: 1 });
    model = buildFixtureModel(params);
    params.load(fixtureSnapshot());
  });
  afterAll(() => params.dispose());

  it('builders create exactly the fixture parameter names', () => {
    expect(params.names().sort()).toEqual(fixture.params.map((p) => p.name).sort());
    expect(params.get('blocks/1/attention/query/kernel').shape).toEqual([8, 8]);
  });

  it('dense: x · W + b for a rank-3 input', () => {
    tf.tidy(() => {
      expectClose(model.dense.apply(tensor(c.dense.x)), c.dense.y, ATOL, 1e-5);
      expectClose(dense(tensor(c.dense.x), model.dense.params), c.dense.y, ATOL, 1e-5);
    });
  });

  it('layerNorm with learned scale/bias and without, ε = 1e-6', () => {
    tf.tidy(() => {
      expectClose(model.ln.apply(tensor(c.layerNorm.x)), c.layerNorm.y, ATOL, 1e-5);
      expectClose(layerNorm(tensor(c.layerNorm.x)), c.layerNorm.yPlain, ATOL, 1e-5);
    });
  });

  it('GELU exact (erf) and tanh approximation', () => {
    tf.tidy(() => {
      const x = tensor(c.gelu.x);
      expectClose(geluExact(x), c.gelu.exact, 1e-6, 1e-6);
      expectClose(geluTanh(x), c.gelu.tanh, 1e-6, 1e-6);
      expectClose(gelu(x), c.gelu.exact, 1e-6, 1e-6);
      expectClose(gelu(x, { approximate: true }), c.gelu.tanh, 1e-6, 1e-6);
      // the two forms really differ (the test can tell them apart)
      const diff = tf.max(tf.abs(tf.sub(geluExact(x), geluTanh(x)))).dataSync()[0]!;
      expect(diff).toBeGreaterThan(1e-4);
    });
  });

  it('multi-head cross-attention: outputs and weights [B, heads, Q, T], with and without key padding mask', () => {
    tf.tidy(() => {
      const q = tensor(c.mha.q);
      const kv = tensor(c.mha.kv);
      const r = model.mha.apply(q, kv);
      expectClose(r.output, c.mha.y, ATOL, 1e-5);
      expectClose(r.attentionWeights, c.mha.weights, 1e-6, 1e-5);
      const m = model.mha.apply(q, kv, tensor(c.mha.mask));
      expectClose(m.output, c.mha.yMasked, ATOL, 1e-5);
      expectClose(m.attentionWeights, c.mha.weightsMasked, 1e-6, 1e-5);
      // padded keys get exactly zero weight
      const w = m.attentionWeights.arraySync() as number[][][][];
      expect(w[1]![0]![2]![3]).toBe(0);
      expect(w[1]![1]![0]![4]).toBe(0);
    });
  });

  it('keys/values projected once and reused for query chunks give the same result as one call', () => {
    tf.tidy(() => {
      const q = tensor(c.mha.q);
      const kv = model.mha.projectKeyValues(tensor(c.mha.kv), tensor(c.mha.mask));
      const chunks = [q.slice([0, 0, 0], [-1, 2, -1]), q.slice([0, 2, 0], [-1, 1, -1])];
      const outs = chunks.map((chunk) => model.mha.attendWithKeyValues(chunk, kv));
      expectClose(
        tf.concat(
          outs.map((o) => o.output),
          1,
        ),
        c.mha.yMasked,
        ATOL,
        1e-5,
      );
      expectClose(
        tf.concat(
          outs.map((o) => o.attentionWeights),
          2,
        ),
        c.mha.weightsMasked,
        1e-6,
        1e-5,
      );
      disposeKeyValues(kv);
    });
  });

  it('softmaxAttention on [B, H, Q, Dh] agrees with softmax(q·kᵀ/√Dh)·v', () => {
    tf.tidy(() => {
      const q = tf.randomNormal([1, 2, 3, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
      const k = tf.randomNormal([1, 2, 5, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const v = tf.randomNormal([1, 2, 5, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
      const { output, attentionWeights } = softmaxAttention(q, k, v);
      const w = tf.softmax(tf.div(tf.matMul(q, k, false, true), 2));
      expect(tf.max(tf.abs(tf.sub(attentionWeights, w))).dataSync()[0]).toBeLessThan(1e-6);
      expect(tf.max(tf.abs(tf.sub(output, tf.matMul(w, v)))).dataSync()[0]).toBeLessThan(1e-5);
      expect(
        tf
          .sum(attentionWeights, -1)
          .dataSync()
          .every((s) => Math.abs(s - 1) < 1e-6),
      ).toBe(true);
    });
  });

  it('feed-forward block (exact GELU)', () => {
    tf.tidy(() => {
      expectClose(model.ff.apply(tensor(c.feedForward.x)), c.feedForward.y, ATOL, 1e-5);
    });
  });

  it('two ResiDual blocks (Listing 4) and the final combine LN(x_pre) + x_post', () => {
    tf.tidy(() => {
      const tokens = tensor(c.resiDual.tokens);
      let state: ResiDualState = resiDualInit(tensor(c.resiDual.x));
      model.blocks.forEach((block, i) => {
        const kv = block.projectKeyValues(tokens);
        const r = block.apply(state, kv);
        if (i === 0) expectClose(r.attentionWeights, c.resiDual.weights0, 1e-6, 1e-5);
        state = r.state;
        expectClose(state.xPre, c.resiDual.states[i]!.xPre, 1e-4, 1e-5);
        expectClose(state.xPost, c.resiDual.states[i]!.xPost, 1e-4, 1e-5);
      });
      expectClose(resiDualOutput(state, model.decoderNorm.params), c.resiDual.output, 1e-4, 1e-5);
    });
  });
});
