import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DomainError,
  ShapeError,
  checkFixedGrid,
  checkLabelDomain,
  checkLabelTensor,
  checkWavelengthDomain,
} from '../src/index';

const specs = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'He', min: 0, max: 0.1568 },
];

describe('domain checks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('accepts labels inside the domain, including float32 copies of the bounds', () => {
    expect(() => checkLabelDomain('f', new Float32Array([4000, 0.1568, 6000, 0]), specs)).not.toThrow();
  });

  it('names the label, spectrum, value and bounds of the first value outside', () => {
    expect(() => checkLabelDomain('predict', [5000, 0.1, 6100, 0.1], specs)).toThrow(
      /'predict'.*label 'Teff' of spectrum 1 is 6100, expected within \[4000, 6000\] K/,
    );
    expect(() => checkLabelDomain('predict', [5000, -0.01], specs)).toThrow(DomainError);
  });

  it('warns instead with extrapolate, but never accepts NaN', () => {
    const warnings: string[] = [];
    checkLabelDomain('predict', [6100, 0.1], specs, { extrapolate: true, warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/extrapolating/);
    expect(() => checkLabelDomain('predict', [NaN, 0.1], specs, { extrapolate: true })).toThrow(
      /must be finite.*'Teff'.*NaN/,
    );
  });

  it('checks the label tensor shape', () => {
    const bad = tf.zeros([2, 3]);
    expect(() => checkLabelTensor('predict', bad, specs)).toThrow(ShapeError);
    expect(() => checkLabelTensor('predict', bad, specs)).toThrow(/shape \[B, 2\] \(Teff, He\); got shape \[2, 3\]/);
    bad.dispose();
  });

  it('checks wavelengths: positive, finite, inside the domain', () => {
    const domain = { min: 4000, max: 5000 };
    expect(() => checkWavelengthDomain('predict', new Float64Array([4000, 5000]), domain)).not.toThrow();
    expect(() => checkWavelengthDomain('predict', new Float64Array([4500, 5001]), domain)).toThrow(
      /element 1 is 5001 Å/,
    );
    expect(() => checkWavelengthDomain('predict', new Float64Array([-1]), domain)).toThrow(/finite and > 0/);
    expect(() => checkWavelengthDomain('predict', new Float64Array([]), domain)).toThrow(/at least one/);
  });

  it('accepts only the fixed grid for grid emulators', () => {
    const fixed = new Float64Array([5000, 5000.1, 5000.2]);
    expect(() => checkFixedGrid('predict', undefined, fixed)).not.toThrow();
    expect(() => checkFixedGrid('predict', new Float64Array(fixed), fixed)).not.toThrow();
    expect(() => checkFixedGrid('predict', new Float64Array([5000, 5000.1]), fixed)).toThrow(/fixed grid of 3 pixels/);
  });
});
