import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '@astroemu/backend';
import { readSafetensors, type LabelSpec } from '@astroemu/emulator-core';
import { convTranspose1d, createConvEmulator, type SamplePlacement } from '../src/index';
import { expectClose, expectNoLeak, fixturePath } from './helpers';

const st = readSafetensors(new Uint8Array(readFileSync(fixturePath('conv_small.safetensors'))));
const arr = (name: string) => st.tensors.get(name)!;
const lo = JSON.parse(st.metadata.label_min!) as number[];
const hi = JSON.parse(st.metadata.label_max!) as number[];
const labels: LabelSpec[] = ['Teff', 'logg', '[Fe/H]'].map((name, j) => ({ name, min: lo[j]!, max: hi[j]! }));
const wavelength = arr('fixture/wavelength').data as Float64Array;
const X = arr('fixture/labels');
const R = arr('fixture/r');
const toTensor = (name: string) => tf.tensor(Float32Array.from(arr(name).data as ArrayLike<number>), arr(name).shape);

function build(samplePlacement: SamplePlacement) {
  const weights = new Map<string, tf.Tensor>();
  for (const [name, t] of st.tensors)
    if (!name.startsWith('fixture/')) weights.set(name, tf.tensor(t.data as Float32Array, t.shape));
  const em = createConvEmulator({ preset: 'small', labels, wavelength, weights, samplePlacement });
  weights.forEach((t) => t.dispose());
  return em;
}

// Both backends: on wasm the weight gradients exist only because conv1d/convTranspose1d are matMuls (im2col) and the
// interpolation has its own scatter-add gradient (wasm 4.22 has no Conv2DBackpropFilter nor UnsortedSegmentSum kernel).
describe.each(['cpu', 'wasm'] as const)(
  'small preset against an independent numpy implementation (float64), %s backend',
  (backend) => {
    beforeAll(async () => {
      await initBackend({ backend });
      expect(tf.getBackend()).toBe(backend);
    });

    test.each([
      ['pixel', 'fixture/flux_pixel'],
      ['logWavelength', 'fixture/flux_log_wavelength'],
    ] as const)('forward pass, samples placed by %s, matches to 5e-7', async (placement, key) => {
      const em = build(placement);
      expect(em.samples).toBe(2048);
      await expectNoLeak(() => {
        const y = tf.tidy(() => em.predict(toTensor('fixture/labels') as tf.Tensor2D));
        expect(y.shape).toEqual([3, 300]);
        expectClose(y.dataSync(), arr(key).data as Float64Array, 0, 5e-7); // measured 3.8e-8
        y.dispose();
      });
      em.dispose();
    });

    test('gradient w.r.t. physical labels matches float64 central differences', async () => {
      const em = build('pixel');
      await expectNoLeak(() => {
        const x = toTensor('fixture/labels');
        const r = toTensor('fixture/r');
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(em.predict(t as tf.Tensor2D), r)))(x);
        const want = arr('fixture/grad_labels').data as Float64Array;
        const got = g.dataSync();
        for (let j = 0; j < 3; j++) {
          const scale = Math.max(...[0, 1, 2].map((b) => Math.abs(want[b * 3 + j]!)));
          for (let b = 0; b < 3; b++)
            expect(Math.abs(got[b * 3 + j]! - want[b * 3 + j]!)).toBeLessThanOrEqual(1e-4 * scale);
        }
        tf.dispose([x, r, g]);
      });
      em.dispose();
    });

    test('gradient w.r.t. weights (dense, transposed conv, conv, output) matches float64 central differences', async () => {
      const em = build('pixel');
      const picks = JSON.parse(st.metadata.grad_weights!) as Array<{ name: string; index: number; grad: number }>;
      await expectNoLeak(() => {
        const x = toTensor('fixture/labels');
        const r = toTensor('fixture/r');
        const vars = [...new Set(picks.map((p) => em.parameters.get(p.name)))];
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.mul(em.predict(x as tf.Tensor2D), r)) as tf.Scalar,
          vars,
        );
        expect(value.dataSync()[0]).toBeCloseTo(Number(st.metadata.loss), 3);
        for (const p of picks) {
          const got = grads[em.parameters.get(p.name).name]!.dataSync()[p.index]!;
          expect(Math.abs(got - p.grad), p.name).toBeLessThanOrEqual(1e-4 * Math.abs(p.grad) + 1e-5);
        }
        tf.dispose([x, r, value, ...Object.values(grads)]);
      });
      em.dispose();
    });
  },
);

test('convTranspose1d follows Flax ConvTranspose SAME (stride 2): hand-computed example', () => {
  // x = [1, 2, 3], kernel [1, 10, 100, 1000] (1 → 1 channel). Dilate: [1, 0, 2, 0, 3]; pad (2, 2):
  // [0, 0, 1, 0, 2, 0, 3, 0, 0]; correlate with the kernel as stored (no flip): y[o] = Σ_j padded[o + j]·k[j].
  const y = tf.tidy(() =>
    convTranspose1d(tf.tensor3d([1, 2, 3], [1, 3, 1]), tf.tensor3d([1, 10, 100, 1000], [4, 1, 1])),
  );
  expect(y.shape).toEqual([1, 6, 1]);
  expect(Array.from(y.dataSync())).toEqual([100, 2010, 201, 3020, 302, 30]);
  y.dispose();
});
