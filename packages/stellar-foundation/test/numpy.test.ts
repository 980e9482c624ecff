import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFoundationModel, heteroscedasticLoss } from '../src/index';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/foundation.json', import.meta.url), 'utf8'));
const close = (got: ArrayLike<number>, want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    if (Math.abs(got[i]! - w) > tol * (1 + Math.abs(w))) expect.fail(`element ${i}: got ${got[i]}, numpy ${w}`);
  });
};

function fixtureModel() {
  const model = createFoundationModel(fixture.config, { seed: 5 });
  model.params.load(
    Object.entries(fixture.params as Record<string, { shape: number[]; values: number[] }>).map(([name, p]) => ({
      name,
      shape: p.shape,
      values: Float32Array.from(p.values),
    })),
  );
  return model;
}

describe('forward pass against numpy (scripts/fixtures/stellar_foundation_fixtures.py)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('perceive → request gives the numpy mean and σ in physical units (missing values skipped)', () => {
    const model = fixtureModel();
    const n0 = tf.memory().numTensors;
    const values = fixture.stars.map((s: { values: Array<number | null> }) =>
      s.values.map((v) => (v === null ? Number.NaN : v)),
    );
    model.perceive(
      values,
      fixture.stars.map((s: { types: unknown[] }) => s.types),
    );
    const out = model.request(fixture.requests);
    expect(out.stars).toBe(3);
    expect(out.types).toEqual(fixture.requests);
    close(out.mean, fixture.physical.mean, 2e-5);
    close(out.sigma, fixture.physical.sigma, 2e-5);
    model.forget();
    expect(tf.memory().numTensors).toBe(n0);
    model.dispose();
  });

  it('forward on padded tensors gives the numpy mean and log-variance', () => {
    const model = fixtureModel();
    const [b, t] = fixture.inputs.shape;
    const out = tf.tidy(() => {
      const o = model.forward(
        tf.tensor2d(fixture.inputs.values, [b, t]),
        tf.tensor2d(fixture.inputs.types, [b, t], 'int32'),
        tf.tensor2d(fixture.requestIds, [b, fixture.requests.length], 'int32'),
      );
      return [o.mean.dataSync(), o.logVariance.dataSync()];
    });
    close(out[0]!, fixture.standardised.mean, 2e-5);
    close(out[1]!, fixture.standardised.logVariance, 2e-5);
    model.dispose();
  });

  it('heteroscedastic loss and its gradients match numpy and finite differences', () => {
    const shape = [3, fixture.requests.length];
    const mean = tf.tensor2d(fixture.standardised.mean, shape as [number, number]);
    const logVar = tf.tensor2d(fixture.standardised.logVariance, shape as [number, number]);
    const target = tf.tensor2d(fixture.loss.target, shape as [number, number]);
    const known = tf.tensor2d(fixture.loss.knownSigma, shape as [number, number]);
    const n0 = tf.memory().numTensors;
    const loss = heteroscedasticLoss(mean, logVar, target, known);
    expect(loss.dataSync()[0]).toBeCloseTo(fixture.loss.value, 5);
    loss.dispose();
    const [gMean, gLogVar] = tf.grads((m: tf.Tensor, s: tf.Tensor) => heteroscedasticLoss(m, s, target, known))([
      mean,
      logVar,
    ]);
    close(gMean!.dataSync(), fixture.loss.dMean, 1e-4);
    close(gLogVar!.dataSync(), fixture.loss.dLogVariance, 1e-4);
    // Central finite differences in float64 of the same formula, element 4 of the log-variance.
    const f = (s4: number) => {
      const m = fixture.standardised.mean as number[];
      return m.reduce((acc, mi, i) => {
        const s = i === 4 ? s4 : fixture.standardised.logVariance[i];
        const v = fixture.loss.knownSigma[i] ** 2 + Math.exp(s);
        return acc + ((mi - fixture.loss.target[i]) ** 2 / (2 * v) + 0.5 * Math.log(v)) / m.length;
      }, 0);
    };
    const h = 1e-5;
    const s4 = fixture.standardised.logVariance[4];
    expect(gLogVar!.dataSync()[4]).toBeCloseTo((f(s4 + h) - f(s4 - h)) / (2 * h), 5);
    gMean!.dispose();
    gLogVar!.dispose();
    expect(tf.memory().numTensors).toBe(n0);
    tf.dispose([mean, logVar, target, known]);
  });

  it('gradients of the whole model reach every parameter and agree with finite differences', () => {
    const model = fixtureModel();
    const [b, t] = fixture.inputs.shape;
    const inputs = () =>
      [
        tf.tensor2d(fixture.inputs.values, [b, t]),
        tf.tensor2d(fixture.inputs.types, [b, t], 'int32'),
        tf.tensor2d(fixture.requestIds, [b, fixture.requests.length], 'int32'),
      ] as const;
    const lossOf = () =>
      tf.tidy(() => {
        const [v, ty, r] = inputs();
        const o = model.forward(v, ty, r);
        return heteroscedasticLoss(o.mean, o.logVariance, tf.zerosLike(o.mean), tf.onesLike(o.mean).mul(0.3));
      });
    const { grads, value } = tf.variableGrads(lossOf as () => tf.Scalar, model.trainableVariables());
    value.dispose();
    for (const [name, v] of model.params.entries()) {
      const g = grads[v.name];
      expect(g, name).toBeDefined();
    }
    const name = 'encoder/0/feed_forward/dense_0/kernel';
    const v = model.params.get(name);
    const g = grads[v.name]!.dataSync()[3]!;
    const orig = v.dataSync().slice() as Float32Array;
    const at = (delta: number) => {
      const w = orig.slice();
      w[3] = w[3]! + delta;
      model.params.assign(name, w);
      const l = lossOf();
      const r = l.dataSync()[0]!;
      l.dispose();
      return r;
    };
    const h = 1e-2;
    const fd = (at(h) - at(-h)) / (2 * h);
    model.params.assign(name, orig);
    expect(Math.abs(g - fd)).toBeLessThan(2e-3 + 0.02 * Math.abs(fd));
    tf.dispose(Object.values(grads));
    model.dispose();
  });
});
