import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Parameters,
  disposeKeyValues,
  geluExact,
  geluTanh,
  layerNorm,
  resiDualInit,
  resiDualOutput,
} from '../src/index';
import { buildFixtureModel, fixture, fixtureSnapshot, tensor } from './helpers';

const c = fixture.cases;

describe('no tensor leak across 100 calls', () => {
  let params: Parameters;
  let model: ReturnType<typeof buildFixtureModel>;
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
    params = new Parameters();
    model = buildFixtureModel(params);
    params.load(fixtureSnapshot());
  });
  afterAll(() => params.dispose());

  it('every op, called outside tf.tidy and disposed, leaves tf.memory().numTensors unchanged', () => {
    const q = tensor(c.mha.q);
    const kvTokens = tensor(c.mha.kv);
    const mask = tensor(c.mha.mask);
    const x = tensor(c.resiDual.x);
    const tokens = tensor(c.resiDual.tokens);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      model.dense.apply(x).dispose();
      layerNorm(x).dispose();
      geluExact(x).dispose();
      geluTanh(x).dispose();
      model.ff.apply(x).dispose();
      const r = model.mha.apply(q, kvTokens, mask);
      r.output.dispose();
      r.attentionWeights.dispose();
      const kv = model.blocks[0]!.projectKeyValues(tokens);
      const b = model.blocks[0]!.apply(resiDualInit(x), kv);
      disposeKeyValues(kv);
      const y = resiDualOutput(b.state, model.decoderNorm.params);
      tf.dispose([b.state.xPre, b.state.xPost, b.attentionWeights, y]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, kvTokens, mask, x, tokens]);
  });

  it('100 forward + backward passes through two blocks inside tf.tidy leave numTensors unchanged', () => {
    const x = tensor(c.resiDual.x);
    const tokens = tensor(c.resiDual.tokens);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          let state = resiDualInit(x);
          for (const block of model.blocks) state = block.apply(state, block.projectKeyValues(tokens)).state;
          return tf.mean(tf.square(resiDualOutput(state, model.decoderNorm.params))) as tf.Scalar;
        });
        expect(Object.keys(grads).length).toBeGreaterThan(30);
        return value;
      }).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, tokens]);
  });
});
