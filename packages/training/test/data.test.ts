import { describe, expect, test } from 'vitest';
import { makeGrid } from '@astroemu/synth';
import { BatchSampler } from '../src/BatchSampler';
import { inMemorySource } from '../src/inMemorySource';
import { interpolateRows } from '../src/interpolateRows';
import { sampleWavelengths } from '../src/sampleWavelengths';
import { SeededRandom } from '../src/SeededRandom';
import { subsetSource } from '../src/subsetSource';
import { syntheticGridSource } from '../src/syntheticGridSource';
import { fixtures, maxRelErr } from './helpers/fixtures';

describe('interpolateRows', () => {
  test('matches numpy.interp row by row', () => {
    const I = fixtures.interpolation;
    const out = interpolateRows(Float64Array.from(I.wavelength), Float32Array.from(I.flux), Float64Array.from(I.query));
    const K = I.query.length;
    expect(maxRelErr(out.subarray(0, K), I.expected[0])).toBeLessThan(1e-6);
    expect(maxRelErr(out.subarray(K), I.expected[1])).toBeLessThan(1e-6);
  });
  test('rejects wavelengths outside the grid or out of order', () => {
    const wl = Float64Array.from([1, 2, 3]);
    expect(() => interpolateRows(wl, new Float32Array(3), Float64Array.from([0.5]))).toThrow(
      /'at' must be increasing within \[1, 3\]; at\[0\] = 0.5/,
    );
    expect(() => interpolateRows(wl, new Float32Array(3), Float64Array.from([2, 1.5]))).toThrow(/at\[1\] = 1.5/);
  });
});

describe('sampleWavelengths', () => {
  const grid = Float64Array.from({ length: 10 }, (_, i) => 5000 + 0.5 * i);
  test("'pixels': K distinct grid pixels, increasing; every pixel once when K ≥ M; seeded", () => {
    const a = sampleWavelengths(grid, 4, 'pixels', new SeededRandom(5));
    expect(a.pixels).toHaveLength(4);
    expect(new Set(a.pixels).size).toBe(4);
    const p = Array.from(a.pixels!);
    expect(p).toEqual([...p].sort((x, y) => x - y));
    expect(Array.from(a.wavelength)).toEqual(p.map((i) => grid[i]));
    expect(sampleWavelengths(grid, 4, 'pixels', new SeededRandom(5))).toEqual(a);
    expect(Array.from(sampleWavelengths(grid, 4, 'pixels', new SeededRandom(6)).pixels!)).not.toEqual(p);
    const all = sampleWavelengths(grid, 64, 'pixels', new SeededRandom(5));
    expect(Array.from(all.pixels!)).toEqual([...Array(10).keys()]);
    expect(all.wavelength).toEqual(grid);
  });
  test("'pixels' draws every pixel equally often", () => {
    const counts = new Array(10).fill(0);
    const r = new SeededRandom(1);
    for (let i = 0; i < 2000; i++) for (const p of sampleWavelengths(grid, 3, 'pixels', r).pixels!) counts[p]++;
    for (const c of counts) expect(Math.abs(c - 600)).toBeLessThan(90);
  });
  test("'uniform': K increasing wavelengths inside the grid's range, no pixels", () => {
    const u = sampleWavelengths(grid, 50, 'uniform', new SeededRandom(2));
    expect(u.pixels).toBeUndefined();
    expect(u.wavelength).toHaveLength(50);
    for (let k = 0; k < 50; k++) {
      expect(u.wavelength[k]).toBeGreaterThanOrEqual(5000);
      expect(u.wavelength[k]).toBeLessThanOrEqual(5004.5);
      if (k > 0) expect(u.wavelength[k]).toBeGreaterThanOrEqual(u.wavelength[k - 1]!);
    }
  });
});

describe('BatchSampler', () => {
  test('each epoch is a permutation; the state {epoch, cursor} reproduces the stream', () => {
    const s = new BatchSampler(10, 7);
    const first = s.next(10);
    expect([...first].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    s.next(3);
    const saved = s.state;
    expect(saved).toEqual({ epoch: 1, cursor: 3 });
    const a = s.next(25);
    const t = new BatchSampler(10, 7);
    t.state = saved;
    expect(t.next(25)).toEqual(a);
    expect(new BatchSampler(10, 8).next(10)).not.toEqual(first);
    expect(() => (t.state = { epoch: 0, cursor: 11 })).toThrow(
      /BatchSampler: state must be \{epoch ≥ 0, cursor in \[0, 10\]\}/,
    );
  });
});

describe('data sources', () => {
  test('inMemorySource and subsetSource return the rows asked for, in order', async () => {
    const src = inMemorySource({
      labelNames: ['x'],
      labels: Float32Array.from([0, 1, 2, 3]),
      wavelength: Float64Array.from([1, 2]),
      flux: Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3]),
    });
    const r = await src.rows([3, 1, 3]);
    expect(Array.from(r.labels)).toEqual([3, 1, 3]);
    expect(Array.from(r.flux)).toEqual([3, 3, 1, 1, 3, 3]);
    const sub = subsetSource(src, [2, 0]);
    expect(sub.numRows).toBe(2);
    expect(Array.from((await sub.rows([1, 0])).labels)).toEqual([0, 2]);
    await expect(src.rows([4])).rejects.toThrow(/inMemorySource.rows: indices\[0\] must be a row in \[0, 4\); got 4/);
    expect(() =>
      inMemorySource({
        labelNames: ['x'],
        labels: new Float32Array(2),
        wavelength: new Float64Array(3),
        flux: new Float32Array(5),
      }),
    ).toThrow(/'flux' must hold N × M = 2 × 3 = 6 values; got 5/);
  });
  test('syntheticGridSource adapts a synth virtual grid', async () => {
    const grid = makeGrid({ kind: 'train', n: 4, seed: 2, R: 5000, lambdaMin: 4300, lambdaMax: 4320 });
    const src = syntheticGridSource(grid);
    expect(src.numRows).toBe(4);
    expect(src.labelNames[0]).toBe('Teff');
    const r = await src.rows([2]);
    expect(Array.from(r.flux)).toEqual(Array.from(grid.spectrum(2)));
  });
});
