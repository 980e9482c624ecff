import * as tf from '@tensorflow/tfjs';
import { broadenGaussian, broadenRotational, dopplerShift, interpolateLinear } from '@astroemu/grid-io';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cosineSchedule,
  dopplerShiftTensor,
  gaussianLsfOperator,
  interpolateTensor,
  rotationalBroadeningOperator,
} from '../src/index';
import { analyticFlux, analyticLines, logGrid } from '../../crb/test/analyticEmulator';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const lines = analyticLines({ lambdaMin: 5000, lambdaMax: 5010, density: 1.5 });
const w = logGrid(5000, 5010, 4e-6);
const f = analyticFlux(lines, [5300, 4.4, 0, 0.2, 0], w);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length) => {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const run = (fn: () => tf.Tensor) => {
  const t = fn();
  const d = Float64Array.from(t.dataSync());
  t.dispose();
  return d;
};

describe('tfjs twins agree with @astroemu/grid-io on the same input', () => {
  it('interpolateTensor = interpolateLinear (np.interp), including edges', () => {
    const q = Float64Array.from([4999, ...Array.from({ length: 50 }, (_, i) => 5000.01 + i * 0.19), 5011]);
    const ref = interpolateLinear(q, w, f);
    const off = (a: ArrayLike<number>) => Float32Array.from(a, (x) => Math.log(x / w[0]));
    const got = run(() =>
      interpolateTensor(
        tf.tensor1d(off(w)),
        tf.tensor2d(Float32Array.from(f), [1, w.length]),
        tf.tensor2d(off(q), [1, q.length]),
      ),
    );
    expect(maxDiff(got, ref)).toBeLessThan(2e-5);
    const du = Math.log(w[w.length - 1] / w[0]) / (w.length - 1);
    const fast = run(() =>
      interpolateTensor(
        tf.tensor1d(off(w)),
        tf.tensor2d(Float32Array.from(f), [1, w.length]),
        tf.tensor2d(off(q), [1, q.length]),
        du,
      ),
    );
    expect(maxDiff(fast, ref)).toBeLessThan(2e-5);
  });
  it.each([300, -300, 12.5])('dopplerShiftTensor = dopplerShift at v = %s km/s', (v) => {
    const ref = dopplerShift(w, f, v);
    const got = run(() => dopplerShiftTensor(w, tf.tensor2d(Float32Array.from(f), [1, w.length]), w, tf.tensor1d([v])));
    expect(maxDiff(got, ref)).toBeLessThan(1e-4);
    expect(maxDiff(got, f)).toBeGreaterThan(0.05);
  });
  it('Gaussian LSF and rotational broadening operators = broadenGaussian / broadenRotational', () => {
    const x = () => tf.tensor2d(Float32Array.from([...f, ...f]), [2, w.length]);
    expect(
      maxDiff(
        run(() => gaussianLsfOperator(w, 20000)(x())),
        [...broadenGaussian(w, f, 20000), ...broadenGaussian(w, f, 20000)],
      ),
    ).toBeLessThan(1e-5);
    const rot = broadenRotational(w, f, 25, 0.6);
    expect(
      maxDiff(
        run(() => rotationalBroadeningOperator(w, 25, 0.6)(x())),
        [...rot, ...rot],
      ),
    ).toBeLessThan(1e-5);
    expect(maxDiff(rot, f)).toBeGreaterThan(0.05);
  });
  it('d(shifted flux)/dv by autodiff equals central finite differences, with no tensor leak', () => {
    const before = tf.memory().numTensors;
    const obs = logGrid(5002, 5008, 2e-5);
    const ft = tf.tensor2d(Float32Array.from(f), [1, w.length]);
    const v0 = 40;
    const g = run(() =>
      tf.tidy(() =>
        tf.grad((v: tf.Tensor) =>
          dopplerShiftTensor(w, ft, obs, v as tf.Tensor1D)
            .mul(tf.linspace(0, 1, obs.length))
            .sum(),
        )(tf.tensor1d([v0])),
      ),
    );
    const val = (v: number) => {
      const s = dopplerShift(w, f, 0);
      const shifted = interpolateLinear(
        Float64Array.from(obs, (x) => x / Math.sqrt((1 + v / 299792.458) / (1 - v / 299792.458))),
        w,
        s,
      );
      return shifted.reduce((a, y, i) => a + y * (i / (obs.length - 1)), 0);
    };
    const fd = (val(v0 + 0.05) - val(v0 - 0.05)) / 0.1;
    expect(Math.abs(g[0] - fd) / Math.abs(fd)).toBeLessThan(0.02);
    ft.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it('cosineSchedule: warm-up to the peak at 10 %, cosine to 0', () => {
    expect(cosineSchedule(0, 2000, 0.1)).toBeCloseTo(0.0005, 12);
    expect(cosineSchedule(199, 2000, 0.1)).toBeCloseTo(0.1, 12);
    expect(cosineSchedule(1100, 2000, 0.1)).toBeCloseTo(0.05, 12);
    expect(cosineSchedule(1999, 2000, 0.1)).toBeLessThan(1e-6);
  });
});
