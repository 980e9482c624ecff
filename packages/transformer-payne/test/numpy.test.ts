import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionMaps, createTransformerPayne, labelEmbeddingJacobian, type TransformerPayne } from '../src/index';
import { LABELS, WAVELENGTH_RANGE, expectClose, fixture, loadFixtureWeights, tensor } from './helpers';

// float32 through 4 blocks vs numpy float64: observed max errors 7e-7 (flux), 2e-7 (tokens, attention maps, Jacobian).
const FLUX_ATOL = 1e-5;

describe('small preset vs the numpy float64 implementation (scripts/fixtures/transformer_payne_fixtures.py)', () => {
  let model: TransformerPayne;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = createTransformerPayne({ preset: 'small', labels: LABELS, wavelengthRange: WAVELENGTH_RANGE });
    loadFixtureWeights(model);
  });
  afterAll(() => model.dispose());

  it('the small preset is the fixture architecture, with exactly the fixture parameter names and shapes', () => {
    expect(model.architecture).toEqual(fixture.architecture);
    expect([...model.weights()].map(([n, t]) => ({ name: n, shape: t.shape }))).toEqual(fixture.params);
  });

  it('flux [B, M] on an arbitrary grid (unsorted, with the domain edges)', () => {
    tf.tidy(() => {
      const flux = model.predict(
        tensor(fixture.inputs.labels) as tf.Tensor2D,
        Float64Array.from(fixture.inputs.wavelength),
      );
      expect(flux.shape).toEqual([3, 16]);
      const worst = expectClose(flux, fixture.expected.flux, FLUX_ATOL, 1e-5);
      expect(worst).toBeGreaterThan(0); // float32 vs float64: a bit-exact match would mean we compared to ourselves
    });
  });

  it('label tokens [B, T, d] (Dense → gelu → Dense → reshape)', () => {
    tf.tidy(() => {
      const scaled = tf
        .tensor2d(fixture.inputs.labels.values, [3, 3])
        .sub(tf.tensor1d(LABELS.map((l) => l.min)))
        .div(tf.tensor1d(LABELS.map((l) => l.max - l.min)))
        .sub(0.5) as tf.Tensor2D;
      expectClose(model.labelTokens(scaled), fixture.expected.tokens, 5e-6, 1e-5);
    });
  });

  it('attention maps [layer, head, λ, token] of one label vector', () => {
    const labels = fixture.inputs.labels.values.slice(0, 3);
    const maps = attentionMaps(model, labels, Float64Array.from(fixture.inputs.mapWavelength));
    expect(maps.shape).toEqual([4, 4, 5, 8]);
    expectClose(maps, fixture.expected.attentionMaps, 5e-6, 1e-4);
    // rows are probability distributions over the tokens
    tf.tidy(() => expectClose(maps.sum(-1), new Float32Array(4 * 4 * 5).fill(1), 1e-5));
    maps.dispose();
  });

  it('Jacobian of the label embedding w.r.t. the scaled labels, mean over label vectors, vs numpy finite differences', () => {
    tf.tidy(() => {
      const j = labelEmbeddingJacobian(model, tensor(fixture.inputs.labels) as tf.Tensor2D);
      expect(j.shape).toEqual([8, 64, 3]);
      expectClose(j, fixture.expected.jacobianMean, 5e-6, 1e-4);
      // physical units divide by the label ranges
      const jp = labelEmbeddingJacobian(model, tensor(fixture.inputs.labels) as tf.Tensor2D, {
        withRespectTo: 'physical',
      });
      expectClose(jp, j.div(tf.tensor1d(LABELS.map((l) => l.max - l.min))).dataSync(), 1e-8, 1e-5);
      // mean |J| ≥ |mean J|, elementwise
      const ja = labelEmbeddingJacobian(model, tensor(fixture.inputs.labels) as tf.Tensor2D, { reduce: 'meanAbs' });
      expect(tf.min(tf.sub(ja, tf.abs(j))).dataSync()[0]).toBeGreaterThan(-1e-5);
    });
  });
});
