import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  BAND_PERCENTILES,
  DomainError,
  mae,
  maqe95,
  mare,
  maxAE,
  MetricsAccumulator,
  mse,
  percentileLinear,
  qae95,
  ShapeError,
} from '../src/index';
import { selectTop } from '../src/selectTop';
import { TopKHeap } from '../src/topKHeap';

const fx = JSON.parse(readFileSync(new URL('./fixtures/metrics.json', import.meta.url), 'utf8'));
const pred = Float32Array.from(fx.predicted as number[]);
const truth = Float32Array.from(fx.truth as number[]);
const N: number = fx.n;
const M: number = fx.m;

/** |a − b| ≤ rel·|b| (+ a tiny absolute floor for values that are exactly 0). */
function close(a: number, b: number, rel = 1e-6, abs = 1e-12) {
  expect(Math.abs(a - b), `got ${a}, expected ${b}`).toBeLessThanOrEqual(rel * Math.abs(b) + abs);
}

describe('single-array metrics agree with numpy to 1e-6 relative', () => {
  test.each([
    ['mse', mse],
    ['mae', mae],
    ['maxAE', maxAE],
    ['mare', mare],
    ['qae95', qae95],
    ['maqe95', maqe95],
  ] as const)('%s', (name, fn) => {
    close(fn(pred, truth), fx[name]);
    close(fn(Float64Array.from(pred), Float64Array.from(truth)), fx[name]);
  });

  test('percentile and top-k definitions on a small set (n = 21: k = ⌈1.05⌉ = 2)', () => {
    const v = Float64Array.from(fx.small.values);
    const zero = new Float64Array(v.length);
    close(qae95(v, zero), fx.small.qae95, 1e-12);
    close(maqe95(v, zero), fx.small.maqe95, 1e-12);
    const sorted = Float64Array.from(v).sort();
    for (const [q, expected] of Object.entries<number>(fx.small.percentiles))
      close(percentileLinear(sorted, Number(q)), expected, 1e-12);
  });

  test('mismatched lengths give a ShapeError naming both lengths', () => {
    expect(() => mse(pred, truth.subarray(1))).toThrow(ShapeError);
    expect(() => maqe95(new Float32Array(3), new Float32Array(4))).toThrow(
      /maqe95: predicted has 3 values but truth has 4; expected equal lengths/,
    );
    expect(() => mae(new Float32Array(0), new Float32Array(0))).toThrow(/mae: predicted and truth are empty/);
  });

  test('NaN errors propagate to maxAE, qae95, maqe95', () => {
    const p = Float32Array.from([1, NaN, 3]);
    const t = new Float32Array(3);
    expect(maxAE(p, t)).toBeNaN();
    expect(qae95(p, t)).toBeNaN();
    expect(maqe95(p, t)).toBeNaN();
  });
});

describe('selection helpers match a full sort', () => {
  test('selectTop and TopKHeap on data with ties', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [1, 2, 7, 100, 1001]) {
      const a = Float64Array.from({ length: n }, () => Math.floor(rand() * 50) / 7);
      const desc = Float64Array.from(a).sort().reverse();
      for (const k of [0, 1, 3, Math.ceil(n / 20) + 2, n]) {
        expect(selectTop(Float64Array.from(a), k)).toEqual(desc.slice(0, Math.min(k, n)));
        const h = new TopKHeap(k);
        a.forEach((x) => h.push(x));
        expect(h.sortedDescending()).toEqual(desc.slice(0, Math.min(k, n)));
      }
    }
  });
});

describe('MetricsAccumulator', () => {
  const whole = new MetricsAccumulator().add(pred, truth, N, M).result();

  test('scalar metrics, bands, correlation and its median agree with numpy', () => {
    expect(whole.count).toBe(N * M);
    expect(whole.spectra).toBe(N);
    expect(whole.wavelengths).toBe(M);
    for (const k of ['mse', 'mae', 'maxAE', 'mare', 'qae95', 'maqe95'] as const) close(whole[k], fx[k]);
    expect(whole.bands!.percentiles).toEqual([...BAND_PERCENTILES]);
    whole.bands!.values.forEach((row, p) => row.forEach((v, j) => close(v, fx.bands[p][j], 1e-6, 1e-9)));
    expect(whole.correlation!.indices).toEqual(Int32Array.from({ length: M }, (_, i) => i));
    whole.correlation!.matrix.forEach((v, i) => close(v, fx.correlation[i], 0, 1e-6));
    close(whole.correlation!.medianOffDiagonal, fx.medianOffDiagonal);
    expect(fx.medianOffDiagonal).toBeGreaterThan(0.1); // the fixture has a real correlated component
  });

  test('batches of uneven size give the same answer as all at once', () => {
    const acc = new MetricsAccumulator();
    const cuts = [0, 1, 8, 9, 30, N];
    for (let b = 0; b + 1 < cuts.length; b++) {
      const [s, e] = [cuts[b] * M, cuts[b + 1] * M];
      acc.add(pred.subarray(s, e), truth.subarray(s, e), undefined, b === 0 ? M : undefined); // m inferred after the first batch
    }
    const r = acc.result();
    expect(r.count).toBe(whole.count);
    for (const k of ['mse', 'mae', 'mare'] as const) close(r[k], whole[k], 1e-13);
    for (const k of ['maxAE', 'qae95', 'maqe95'] as const) expect(r[k]).toBe(whole[k]);
    expect(r.bands).toEqual(whole.bands);
    r.correlation!.matrix.forEach((v, i) => close(v, whole.correlation!.matrix[i], 1e-12, 1e-13));
    close(r.correlation!.medianOffDiagonal, whole.correlation!.medianOffDiagonal, 1e-12);
  });

  test('bounded-heap mode (keepResiduals: false) is exact with expectedCount', () => {
    const acc = new MetricsAccumulator({ keepResiduals: false, expectedCount: N * M, correlation: fx.subsetIndices });
    for (let r = 0; r < N; r += 10)
      acc.add(
        pred.subarray(r * M, Math.min(N, r + 10) * M),
        truth.subarray(r * M, Math.min(N, r + 10) * M),
        undefined,
        M,
      );
    const res = acc.result();
    close(res.qae95, fx.qae95);
    close(res.maqe95, fx.maqe95);
    expect(res.bands).toBeUndefined();
    expect(Array.from(res.correlation!.indices)).toEqual(fx.subsetIndices);
    res.correlation!.matrix.forEach((v, i) => close(v, fx.subsetCorrelation[i], 0, 1e-6));
    close(res.correlation!.medianOffDiagonal, fx.subsetMedianOffDiagonal);
    expect(() => acc.add(pred.subarray(0, M), truth.subarray(0, M))).toThrow(
      /1218 values added but expectedCount is 1189/,
    );
  });

  test('correlation: false and the auto subset for large M', () => {
    expect(new MetricsAccumulator({ correlation: false }).add(pred, truth, N).result().correlation).toBeUndefined();
    const big = new MetricsAccumulator({ keepResiduals: false, expectedCount: 2 * 600 })
      .add(new Float32Array(1200).fill(1), new Float32Array(1200), 2)
      .result();
    expect(big.correlation!.indices.length).toBe(512);
    expect(big.correlation!.indices[511]).toBe(599);
    expect(big.correlation!.medianOffDiagonal).toBeNaN(); // zero variance everywhere
  });

  test('shape and option errors are typed and say what was expected', () => {
    const acc = new MetricsAccumulator().add(pred.subarray(0, 2 * M), truth.subarray(0, 2 * M), 2, M);
    expect(() => acc.add(pred.subarray(0, 30), truth.subarray(0, 30), 1, 30)).toThrow(
      /batch has m = 30 wavelengths but earlier batches had 29/,
    );
    expect(() => acc.add(pred.subarray(0, 30), truth.subarray(0, 30))).toThrow(ShapeError);
    expect(() => acc.add(pred.subarray(0, 58), truth.subarray(0, 58), 3)).toThrow(
      /batch of 58 values does not split into n × m = 3 × 19\.33/,
    );
    expect(() => acc.add(pred.subarray(0, 58), truth.subarray(0, 57))).toThrow(
      /predicted has 58 values but truth has 57/,
    );
    expect(() => new MetricsAccumulator({ keepResiduals: false })).toThrow(DomainError);
    expect(() => new MetricsAccumulator({ keepResiduals: false })).toThrow(
      /expectedCount must be a positive integer .*; got undefined/,
    );
    expect(() => new MetricsAccumulator({ correlation: [0, 29] }).add(pred, truth, N)).toThrow(
      /correlation index 29 is outside the 29 wavelengths \[0, 28\]/,
    );
    expect(() => new MetricsAccumulator().result()).toThrow(/no batch has been added/);
  });
});
