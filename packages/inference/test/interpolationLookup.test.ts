import { interpolateLinear } from '@astroemu/grid-io';
import { describe, expect, it } from 'vitest';
import { gramMatrix } from '../src/gramMatrix';
import { applyLookup, buildLookup, differenceColumn, differenceColumns4 } from '../src/interpolationLookup';

describe('host interpolation lookups (the fitters’ fast path)', () => {
  // a grid with a gap (like APOGEE's chip gaps) and uneven steps
  const x = Float64Array.from([0, 0.1, 0.25, 0.3, 0.32, 0.9, 1.0, 1.05, 1.2, 1.5]);
  const y = Float32Array.from(x, (v) => Math.sin(7 * v) + v);
  it('merge-built lookups reproduce np.interp (edges repeated), sorted, shifted and unsorted queries', () => {
    const sorted = Float64Array.from([-0.2, 0, 0.05, 0.1, 0.1, 0.28, 0.31, 0.5, 0.95, 1.1, 1.5, 1.7]);
    const unsorted = Float64Array.from([0.5, -1, 1.3, 0.26, 2, 0.01, 0.99, 0.3]);
    for (const [q, shift] of [
      [sorted, 0],
      [sorted, 0.037],
      [sorted, -0.11],
      [unsorted, 0.02],
    ] as const) {
      const K = q.length;
      const lo = new Int32Array(K + 3);
      const t = new Float64Array(K + 3);
      buildLookup(x, q, 0, K, shift, lo, t, 3);
      const got = new Float64Array(K);
      applyLookup(y, 0, lo, t, 3, K, got, 0);
      const ref = Array.from(q, (v) => interpolateLinear(Float64Array.of(v - shift), x, Float64Array.from(y))[0]);
      for (let k = 0; k < K; k++) expect(got[k]).toBeCloseTo(ref[k], 6);
    }
  });
  it('differenceColumn: the interpolated difference of a perturbed row and the base, weighted and divided by the step', () => {
    const K = 4;
    const lo = Int32Array.from([0, 1, 2, 8]);
    const t = Float64Array.from([0, 0.5, 1, 0.25]);
    const cs = Float64Array.from([1, 2, 0, 1]);
    const baseRaw = Float64Array.from([0.1, -0.2, 0.3, 0.05]);
    const out = new Float32Array(K + 2).fill(7);
    const c0 = Float64Array.from(t, (w, k) => (1 - w) * cs[k]);
    const c1 = Float64Array.from(t, (w, k) => w * cs[k]);
    const base = Float64Array.from(baseRaw, (b, k) => b * cs[k]);
    differenceColumn(y, 0, lo, c0, c1, base, K, -1 / 0.01, out, 1);
    const e = [y[0], 0.5 * (y[1] + y[2]), y[3], 0.75 * y[8] + 0.25 * y[9]];
    e.forEach((v, k) => expect(out[k + 1]).toBeCloseTo(((v - baseRaw[k]) * cs[k]) / -0.01, 3));
    expect(out[0]).toBe(7);
    expect(out[K + 1]).toBe(7);
    // four at once (rows of a [3, 10] block, one repeated) = four single columns
    const rows = Float32Array.from({ length: 30 }, (_, i) => Math.cos(0.3 * i));
    const four = new Float32Array(4 * K);
    differenceColumns4(rows, 0, 10, 20, 10, lo, c0, c1, base, K, 2, -3, 5, 7, four, 0, K, 2 * K, 3 * K);
    [0, 10, 20, 10].forEach((o, c) => {
      const one = new Float32Array(K);
      differenceColumn(rows, o, lo, c0, c1, base, K, [2, -3, 5, 7][c], one, 0);
      expect(Array.from(four.subarray(c * K, (c + 1) * K))).toEqual(Array.from(one));
    });
  });
  it('gramMatrix equals X Xᵀ summed in float64, for row counts that are and are not multiples of the 3 × 3 block', () => {
    for (const n of [1, 3, 5, 27]) {
      const K = 301;
      const x = Float32Array.from({ length: n * K }, (_, i) => Math.sin(0.37 * i) + 0.1 * Math.cos(i * i));
      const got = new Float64Array(n * n).fill(NaN);
      gramMatrix(x, n, K, got);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += x[i * K + k] * x[j * K + k];
          expect(got[i * n + j]).toBeCloseTo(s, 9);
        }
      }
    }
  });
});
