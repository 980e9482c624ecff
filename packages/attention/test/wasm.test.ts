import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@astroemu/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parameters, resiDualInit, resiDualOutput, type ResiDualState } from '../src/index';
import { buildFixtureModel, expectClose, fixture, fixtureSnapshot, tensor } from './helpers';

const c = fixture.cases;

describe('wasm backend', () => {
  let params: Parameters;
  let model: ReturnType<typeof buildFixtureModel>;
  beforeAll(async () => {
    expect(await initBackend({ backend: 'wasm' })).toBe('wasm');
    params = new Parameters();
    model = buildFixtureModel(params);
    params.load(fixtureSnapshot());
  });
  afterAll(() => params.dispose());

  it('two ResiDual blocks + final combine match numpy, and their gradient matches cpu (rtol 1e-4)', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const run = () =>
      tf.tidy(() => {
        const tokens = tensor(c.resiDual.tokens);
        const x = tensor(c.resiDual.x);
        const forward = () => {
          let state: ResiDualState = resiDualInit(x);
          for (const block of model.blocks) state = block.apply(state, block.projectKeyValues(tokens)).state;
          return resiDualOutput(state, model.decoderNorm.params);
        };
        const out = forward();
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(forward())) as tf.Scalar);
        const names = Object.keys(grads).sort();
        return { out, grad: tf.concat(names.map((n) => grads[n]!.reshape([-1]))) };
      });
    const w = run();
    expectClose(w.out, c.resiDual.output, 1e-4, 1e-5);
    const gw = w.grad.dataSync().slice();
    tf.dispose([w.out, w.grad]);
    await initBackend({ backend: 'cpu' });
    const cpu = run();
    const gc = cpu.grad.dataSync();
    const scale = Math.max(...Array.from(gc, Math.abs));
    for (let i = 0; i < gc.length; i++) {
      // 1e-4 relative, plus 1e-5 of the largest gradient for entries that are 0 up to rounding (key biases)
      if (Math.abs(gw[i]! - gc[i]!) > 1e-4 * Math.abs(gc[i]!) + 1e-5 * scale) {
        expect.fail(`gradient element ${i}: wasm ${gw[i]}, cpu ${gc[i]}`);
      }
    }
    const used = params.entries().filter(([n]) => n.startsWith('blocks/') || n.startsWith('decoder_norm/'));
    expect(gc.length).toBe(used.reduce((n, [, v]) => n + v.size, 0));
    tf.dispose([cpu.out, cpu.grad]);
  });
});
