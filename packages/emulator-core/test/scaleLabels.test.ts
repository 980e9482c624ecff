import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { DomainError, type LabelSpec, scaleLabels, ShapeError, unscaleLabels, validateLabelSpecs } from '../src/index';

const specs: LabelSpec[] = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', min: 4, max: 5 },
  { name: '[Fe/H]', unit: 'dex', min: -2, max: 1 },
];
// Hand-computed: (x − min)/(max − min) − 0.5
const physical = new Float32Array([5000, 4.5, -0.5, 4000, 5, 1, 6500, 3.75, -2.6]);
const scaled = [0, 0, 0, -0.5, 0.5, 0.5, 0.75, -0.75, -0.7];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('scaleLabels / unscaleLabels', () => {
  test('Float32Array: values against hand computation, and round trip', () => {
    const s = scaleLabels(physical, specs);
    expect(s).toBeInstanceOf(Float32Array);
    s.forEach((v, i) => expect(v).toBeCloseTo(scaled[i], 6));
    const back = unscaleLabels(s, specs);
    back.forEach((v, i) => expect(v).toBeCloseTo(physical[i], 3));
  });

  test('tensor: shape, values, round trip, no leak', () => {
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const x = tf.tensor2d(physical, [3, 3]);
      const s = scaleLabels(x, specs);
      expect(s.shape).toEqual([3, 3]);
      return [s.dataSync().slice(), unscaleLabels(s, specs).dataSync().slice()];
    });
    out[0].forEach((v, i) => expect(v).toBeCloseTo(scaled[i], 6));
    out[1].forEach((v, i) => expect(Math.abs(v - physical[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(physical[i]))));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('shape errors name the expected layout', () => {
    expect(() => scaleLabels(new Float32Array(4), specs)).toThrow(ShapeError);
    expect(() => scaleLabels(new Float32Array(4), specs)).toThrow(/length 4 is not a multiple of the 3 labels/);
    const before = tf.memory().numTensors;
    const x = tf.zeros([2, 4]) as tf.Tensor2D;
    expect(() => unscaleLabels(x, specs)).toThrow(
      /unscaleLabels: labels must be a Float32Array or a tensor of shape \[B, 3\]; got shape \[2, 4\]/,
    );
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('bad label specs give DomainError naming the label and values', () => {
    expect(() => validateLabelSpecs([{ name: 'Teff', min: 6000, max: 4000 }])).toThrow(
      /label 'Teff' must have max > min; got min=6000, max=4000/,
    );
    expect(() => scaleLabels(new Float32Array(1), [{ name: 'logg', min: NaN, max: 5 }])).toThrow(
      /scaleLabels: label 'logg' must have finite min and max; got min=NaN, max=5/,
    );
    expect(() =>
      validateLabelSpecs([
        { name: 'a', min: 0, max: 1 },
        { name: 'a', min: 0, max: 1 },
      ]),
    ).toThrow(/label name 'a' appears twice/);
    expect(() => validateLabelSpecs([])).toThrow(DomainError);
  });
});
