import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Parameters,
  dense,
  feedForward,
  geluExact,
  geluTanh,
  layerNorm,
  matMul,
  multiHeadAttention,
  resiDualBlock,
  resiDualKeyValues,
  resiDualOutput,
  type AttentionParams,
  type ResiDualBlockParams,
} from '../src/index';
import { buildFixtureModel, checkGradients, fixture, fixtureSnapshot, tensor } from './helpers';

const c = fixture.cases;

/** Flatten / rebuild the tensors of a ResiDual block so tf.grads can differentiate w.r.t. every weight. */
function blockTensors(p: ResiDualBlockParams): tf.Tensor[] {
  const a = p.attention;
  const d = (x: { kernel: tf.Tensor; bias?: tf.Tensor }) => [x.kernel, x.bias!];
  return [
    p.kvNorm!.scale!,
    p.kvNorm!.bias!,
    ...d(a.query),
    ...d(a.key),
    ...d(a.value),
    ...d(a.output),
    p.attentionNorm.scale!,
    p.attentionNorm.bias!,
    ...d(p.feedForward.hidden),
    ...d(p.feedForward.output),
    p.feedForwardNorm.scale!,
    p.feedForwardNorm.bias!,
  ];
}
function blockFromTensors(t: tf.Tensor[]): ResiDualBlockParams {
  const dn = (i: number) => ({ kernel: t[i]!, bias: t[i + 1]! });
  return {
    kvNorm: { scale: t[0]!, bias: t[1]! },
    attention: { query: dn(2), key: dn(4), value: dn(6), output: dn(8) },
    attentionNorm: { scale: t[10]!, bias: t[11]! },
    feedForward: { hidden: dn(12), output: dn(14) },
    feedForwardNorm: { scale: t[16]!, bias: t[17]! },
  };
}
function attentionFromTensors(t: tf.Tensor[]): AttentionParams {
  const dn = (i: number) => ({ kernel: t[i]!, bias: t[i + 1]! });
  return { query: dn(0), key: dn(2), value: dn(4), output: dn(6) };
}

describe('gradients against central finite differences (cpu, float32)', () => {
  let params: Parameters;
  let model: ReturnType<typeof buildFixtureModel>;
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
    params = new Parameters();
    model = buildFixtureModel(params);
    params.load(fixtureSnapshot());
  });
  afterAll(() => params.dispose());

  it('matMul (custom gradient: transpose + plain matMul) equals tfjs built-in gradients and finite differences', () => {
    tf.tidy(() => {
      const a = tf.randomNormal([2, 3, 4, 5], 0, 1, 'float32', 4);
      const b = tf.randomNormal([2, 3, 5, 6], 0, 1, 'float32', 5);
      const r = tf.randomNormal([2, 3, 4, 6], 0, 1, 'float32', 6);
      const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x, y), r)))([a, b]);
      const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), r)))([a, b]);
      for (let i = 0; i < 2; i++) {
        expect(tf.max(tf.abs(tf.sub(ours[i]!, theirs[i]!))).dataSync()[0]).toBeLessThan(1e-5);
      }
      checkGradients((x, y) => matMul(x!, y!), [a, b]);
    });
  });

  it('dense (x of rank 3, kernel, bias)', () => {
    const p = model.dense.params;
    expect(
      checkGradients((x, w, b) => dense(x!, { kernel: w!, bias: b! }), [tensor(c.dense.x), p.kernel, p.bias!]),
    ).toBeLessThan(2e-3);
  });

  it('layerNorm (x, scale, bias)', () => {
    const p = model.ln.params;
    checkGradients((x, s, b) => layerNorm(x!, { scale: s!, bias: b! }), [tensor(c.layerNorm.x), p.scale!, p.bias!]);
  });

  it('GELU exact and tanh', () => {
    const x = tensor(c.gelu.x);
    checkGradients((y) => geluExact(y!), [x], { samples: 12 });
    checkGradients((y) => geluTanh(y!), [x], { samples: 12 });
  });

  it('multi-head attention w.r.t. queries, tokens and all eight weights (masked)', () => {
    const a = model.mha.params;
    const weights = [a.query, a.key, a.value, a.output].flatMap((d) => [d.kernel, d.bias!]);
    const mask = tensor(c.mha.mask);
    checkGradients(
      (q, kv, ...w) => multiHeadAttention(attentionFromTensors(w), q!, kv!, { heads: 2, mask }).output,
      [tensor(c.mha.q), tensor(c.mha.kv), ...weights],
      { samples: 4, zeroGradient: [5] },
    );
  });

  it('feed-forward block w.r.t. input and weights', () => {
    const p = model.ff.params;
    checkGradients(
      (x, w0, b0, w1, b1) =>
        feedForward(x!, { hidden: { kernel: w0!, bias: b0! }, output: { kernel: w1!, bias: b1! } }),
      [tensor(c.feedForward.x), p.hidden.kernel, p.hidden.bias!, p.output.kernel, p.output.bias!],
    );
  });

  it('ResiDual block (both streams) w.r.t. x_pre, x_post, tokens and every block weight', () => {
    const x = tensor(c.resiDual.x);
    const xPost = tf.tidy(() => tf.add(tf.mul(x, 0.5), 0.1));
    checkGradients(
      (xPre, xp, tokens, ...w) => {
        const p = blockFromTensors(w);
        const kv = resiDualKeyValues(p, tokens!, { heads: 2 });
        const { state } = resiDualBlock(p, { xPre: xPre!, xPost: xp! }, kv, { heads: 2, activation: 'gelu_tanh' });
        return tf.concat([state.xPre, state.xPost], -1);
      },
      [x, xPost, tensor(c.resiDual.tokens), ...blockTensors(model.blocks[0]!.params)],
      { samples: 3, zeroGradient: [8] },
    );
  });

  it('final combine LN(x_pre) + x_post', () => {
    const n = model.decoderNorm.params;
    checkGradients(
      (xPre, xPost, s, b) => resiDualOutput({ xPre: xPre!, xPost: xPost! }, { scale: s!, bias: b! }),
      [tensor(c.resiDual.x), tensor(c.resiDual.states[0]!.xPost), n.scale!, n.bias!],
    );
  });

  it('tf.variableGrads through the builders reaches every block variable and matches tf.grads', () => {
    tf.tidy(() => {
      const block = model.blocks[0]!;
      const x = tensor(c.resiDual.x);
      const tokens = tensor(c.resiDual.tokens);
      const lossOf = (p: ResiDualBlockParams) => {
        const { state } = resiDualBlock(p, { xPre: x, xPost: x }, resiDualKeyValues(p, tokens, { heads: 2 }), {
          heads: 2,
          activation: 'gelu_tanh',
        });
        return tf.sum(tf.mul(tf.add(state.xPre, tf.square(state.xPost)), 0.1)) as tf.Scalar;
      };
      const { grads } = tf.variableGrads(() => {
        const kv = block.projectKeyValues(tokens);
        const { state } = block.apply({ xPre: x, xPost: x }, kv);
        return tf.sum(tf.mul(tf.add(state.xPre, tf.square(state.xPost)), 0.1)) as tf.Scalar;
      });
      const tensors = blockTensors(block.params);
      const reference = tf.grads((...w: tf.Tensor[]) => lossOf(blockFromTensors(w)))(tensors);
      const names = params.names().filter((n) => n.startsWith('blocks/0/'));
      expect(names.length).toBe(18);
      tensors.forEach((t, i) => {
        const v = t as tf.Variable;
        const g = grads[v.name];
        expect(g, `no gradient for ${v.name}`).toBeDefined();
        expect(tf.max(tf.abs(tf.sub(g!, reference[i]!))).dataSync()[0]).toBeLessThan(1e-5);
      });
      // variables of other blocks get no gradient from this block
      expect(Object.keys(grads).some((k) => k.includes('blocks/1/'))).toBe(false);
    });
  });
});
