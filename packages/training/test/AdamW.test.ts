import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { AdamW } from '../src/AdamW';
import { clipByGlobalNorm } from '../src/clipByGlobalNorm';
import { createAdam } from '../src/createAdam';
import { fixtures, maxRelErr } from './helpers/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const F = fixtures.optimizer;

function setup() {
  const names = ['w', 'b'];
  const vars = F.shapes.map((s: number[], i: number) => tf.variable(tf.tensor(F.params[i], s)));
  return { names, vars, entries: names.map((n, i) => [n, vars[i]] as [string, tf.Variable]) };
}

describe('AdamW against numpy (PyTorch/optax semantics)', () => {
  for (const name of ['adamw', 'adamwClipped', 'adam', 'adamL2']) {
    test(`${name}: 5 steps with per-parameter lr multipliers match`, () => {
      const c = F.cases[name];
      const { names, vars, entries } = setup();
      const multipliers = new Map(names.map((n, i) => [n, F.multipliers[i]]));
      const opts = { beta1: F.beta1, beta2: F.beta2, epsilon: F.epsilon, weightDecay: c.weightDecay, multipliers };
      const opt = c.decoupled ? new AdamW(entries, opts) : createAdam(entries, opts);
      for (let t = 0; t < 5; t++) {
        const raw = F.shapes.map((s: number[], i: number) => tf.tensor(F.grads[t][i], s));
        const g = c.maxNorm ? clipByGlobalNorm(raw, c.maxNorm).grads : raw;
        opt.apply(new Map(names.map((n, i) => [n, g[i]])), F.learningRates[t]);
        vars.forEach((v: tf.Variable, i: number) => {
          expect(maxRelErr(v.dataSync(), c.weights[t][i])).toBeLessThan(2e-5);
        });
        tf.dispose([...raw, ...g]);
      }
      const state = opt.getState();
      expect(state.step).toBe(5);
      names.forEach((n, i) => {
        expect(maxRelErr(state.m.get(n)!, c.m[i])).toBeLessThan(2e-5);
        expect(maxRelErr(state.v.get(n)!, c.v[i])).toBeLessThan(2e-5);
      });
      opt.dispose();
      tf.dispose(vars);
    });
  }

  test('decay is decoupled: a zero gradient still shrinks w by lr·λ·w', () => {
    const v = tf.variable(tf.tensor1d([2, -4]));
    const opt = new AdamW([['p', v]], { weightDecay: 0.5 });
    opt.apply({ p: tf.zeros([2]) }, 0.1);
    expect(Array.from(v.dataSync())).toEqual([2 * 0.95, -4 * 0.95].map(Math.fround));
    opt.dispose();
    v.dispose();
  });

  test('creating and disposing the optimiser leaves exactly the tensors it found', () => {
    const a = setup();
    const before = tf.memory().numTensors;
    const opt = new AdamW(a.entries, { weightDecay: 0.1 });
    expect(tf.memory().numTensors).toBe(before + 2 * a.names.length); // m and v per parameter, nothing else
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('state round trip continues identically; tensor count constant', () => {
    const a = setup();
    const b = setup();
    const optA = new AdamW(a.entries, { weightDecay: 0.1 });
    const grads = (t: number) => new Map(a.names.map((n, i) => [n, tf.tensor(F.grads[t][i], F.shapes[i])]));
    const g0 = grads(0);
    optA.apply(g0, 1e-2);
    const before = tf.memory().numTensors;
    const g1 = grads(1);
    optA.apply(g1, 1e-2);
    expect(tf.memory().numTensors).toBe(before + 2); // only the two gradient tensors of g1
    const optB = new AdamW(b.entries, { weightDecay: 0.1 });
    b.vars.forEach((v: tf.Variable, i: number) => v.assign(a.vars[i]));
    optB.setState(optA.getState());
    const g2 = grads(2);
    optA.apply(g2, 1e-2);
    optB.apply(g2, 1e-2);
    a.vars.forEach((v: tf.Variable, i: number) =>
      expect(Array.from(b.vars[i].dataSync())).toEqual(Array.from(v.dataSync())),
    );
    tf.dispose([...g0.values(), ...g1.values(), ...g2.values(), ...a.vars, ...b.vars]);
    optA.dispose();
    optB.dispose();
  });

  test('errors name who, what, expected and got', () => {
    const v = tf.variable(tf.zeros([2]));
    expect(() => new AdamW([['p', v]], { beta1: 1 })).toThrow(/AdamW: option 'beta1' must be in \[0, 1\); got 1/);
    const opt = new AdamW([['p', v]]);
    expect(() => opt.apply({}, 1e-3)).toThrow(/AdamW.apply: no gradient for parameter 'p'/);
    expect(() => opt.apply({ p: tf.zeros([3]) }, 1e-3)).toThrow(/gradient of 'p' has shape \[3\]; expected \[2\]/);
    opt.dispose();
    v.dispose();
  });
});

describe('clipByGlobalNorm against numpy', () => {
  const C = fixtures.clip;
  const shapes = fixtures.optimizer.shapes as number[][];
  test('scales all gradients together when the norm exceeds maxNorm', () => {
    const g = shapes.map((s, i) => tf.tensor(C.grads[i], s));
    const { grads, globalNorm } = clipByGlobalNorm(g, C.maxNorm);
    expect(globalNorm.dataSync()[0]).toBeCloseTo(C.norm, 4);
    grads.forEach((x, i) => expect(maxRelErr(x.dataSync(), C.clipped[i])).toBeLessThan(1e-5));
    const big = clipByGlobalNorm(g, C.largeMaxNorm);
    big.grads.forEach((x, i) => expect(maxRelErr(x.dataSync(), C.unclipped[i])).toBeLessThan(1e-6));
    tf.dispose([...g, ...grads, globalNorm, ...big.grads, big.globalNorm]);
  });
  test('rejects a non-positive maxNorm', () => {
    expect(() => clipByGlobalNorm([], 0)).toThrow(
      /clipByGlobalNorm: argument 'maxNorm' must be a finite number > 0; got 0/,
    );
  });
});
