import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DomainError,
  encodingPeriods,
  log10Wavelength,
  sinusoidalEncoding,
  sinusoidalEncodingTensor,
  type PeriodSpacing,
} from '../src/index';

interface Case {
  name: string;
  dim: number;
  minPeriod: number;
  maxPeriod: number;
  spacing: PeriodSpacing;
  periods: number[];
  encoding: number[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/sinusoidal_encoding.json', import.meta.url), 'utf8')) as {
  wavelengthAngstrom: number[];
  log10Wavelength: number[];
  cases: Case[];
};

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('sinusoidalEncoding', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('exports exactly the public API', async () => {
    expect(Object.keys(await import('../src/index')).sort()).toEqual(
      [
        'DEFAULT_MAX_PERIOD',
        'DEFAULT_MIN_PERIOD',
        'DomainError',
        'encodingPeriods',
        'log10Wavelength',
        'sinusoidalEncoding',
        'sinusoidalEncodingTensor',
      ].sort(),
    );
  });

  it('log10Wavelength matches numpy', () => {
    const x = log10Wavelength(new Float64Array(fixture.wavelengthAngstrom));
    expect(maxAbsDiff(x, fixture.log10Wavelength)).toBeLessThan(1e-15);
  });

  for (const c of fixture.cases) {
    it(`matches numpy float64 to 1e-6 for every component (${c.name}: dim ${c.dim}, ${c.spacing})`, () => {
      const opts = { dim: c.dim, minPeriod: c.minPeriod, maxPeriod: c.maxPeriod, spacing: c.spacing };
      const periods = encodingPeriods(opts);
      for (let i = 0; i < c.dim; i++) expect(Math.abs(periods[i]! / c.periods[i]! - 1)).toBeLessThan(1e-14);
      const x = log10Wavelength(new Float64Array(fixture.wavelengthAngstrom));
      const enc = sinusoidalEncoding(x, opts);
      expect(enc).toBeInstanceOf(Float32Array);
      expect(enc.length).toBe(4 * c.dim);
      expect(maxAbsDiff(enc, c.encoding)).toBeLessThanOrEqual(1e-6);
    });
  }

  it('is meaningful at the shortest periods: a naive float32 phase fails the same check', () => {
    const c = fixture.cases[0]!;
    const periods = encodingPeriods({ dim: c.dim });
    const naive = new Float32Array(4 * c.dim);
    fixture.log10Wavelength.forEach((x, r) => {
      for (let i = 0; i < c.dim; i++)
        naive[r * c.dim + i] = Math.sin(Math.fround(Math.fround(2 * Math.PI * x) / Math.fround(periods[i]!)));
    });
    expect(maxAbsDiff(naive, c.encoding)).toBeGreaterThan(0.1);
    // neighbouring wavelengths 4000 and 4000.01 Å differ at the short periods
    const enc = sinusoidalEncoding(log10Wavelength([4000, 4000.01]), { dim: 256 });
    expect(maxAbsDiff(enc.subarray(0, 64), enc.subarray(256, 320))).toBeGreaterThan(0.5);
  });

  it('defaults to the paper periods (1e-6 … 10, log spacing)', () => {
    const p = encodingPeriods({ dim: 256 });
    expect(p[0]).toBeCloseTo(1e-6, 20);
    expect(p[255]).toBe(10);
    expect(p[1]! / p[0]!).toBeCloseTo(p[255]! / p[254]!, 10);
  });

  it('sinusoidalEncodingTensor returns the same values as a [M, dim] float32 tensor, without leaking', () => {
    const x = log10Wavelength(fixture.wavelengthAngstrom);
    const before = tf.memory().numTensors;
    const t = sinusoidalEncodingTensor(x, { dim: 256 });
    expect(t.shape).toEqual([4, 256]);
    expect(t.dtype).toBe('float32');
    expect(maxAbsDiff(t.dataSync(), fixture.cases[0]!.encoding)).toBeLessThanOrEqual(1e-6);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad input with a DomainError naming the argument, expected and got', () => {
    expect(() => log10Wavelength([4000, -1])).toThrow(DomainError);
    expect(() => log10Wavelength([4000, -1])).toThrow(
      /'wavelengthAngstrom' passed to 'log10Wavelength' must be finite and > 0.*element 1 is -1/,
    );
    expect(() => log10Wavelength([0])).toThrow(/element 0 is 0/);
    expect(() => log10Wavelength([Number.NaN])).toThrow(/element 0 is NaN/);
    expect(() => sinusoidalEncoding([3.6, Infinity], { dim: 4 })).toThrow(
      /'log10Wavelength' passed to 'sinusoidalEncoding' must be finite; element 1 is Infinity/,
    );
    expect(() => sinusoidalEncoding(new Float32Array([3.6]) as unknown as Float64Array, { dim: 4 })).toThrow(
      /must be float64.*got Float32Array/,
    );
    expect(() => sinusoidalEncoding([3.6], { dim: 0 })).toThrow(/Option 'dim' .* positive integer; got 0/);
    expect(() => sinusoidalEncoding([3.6], { dim: 2.5 })).toThrow(/got 2.5/);
    expect(() => sinusoidalEncoding([3.6], { dim: 4, minPeriod: 0 })).toThrow(/'minPeriod' .* > 0; got 0/);
    expect(() => sinusoidalEncoding([3.6], { dim: 4, minPeriod: 1, maxPeriod: 0.5 })).toThrow(
      /'maxPeriod' .* ≥ minPeriod \(1\); got 0.5/,
    );
    expect(() => sinusoidalEncoding([3.6], { dim: 4, spacing: 'cubic' as PeriodSpacing })).toThrow(
      /'spacing' .* 'log' or 'linear'; got 'cubic'/,
    );
  });
});
