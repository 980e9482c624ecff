import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  crbBounds,
  emulatorJacobian,
  fisherMatrix,
  screenLabels,
  screeningPlotSpec,
  screeningTable,
} from '../src/index';
import { analyticFlux, createAnalyticEmulator } from './analyticEmulator';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const emu = createAnalyticEmulator({ lambdaMin: 5000, lambdaMax: 5012, du: 1e-5 });
const truths = [
  [5200, 4.4, -0.3, 0.1, 0.0],
  [4600, 4.7, 0.4, -0.8, -1.0],
];

/** Independent central-difference Jacobian of the float64 host model (physical units). */
function referenceJacobian(x: number[]): Float64Array {
  const w = emu.wavelength.fixed!;
  const M = w.length;
  const J = new Float64Array(M * 5);
  const steps = [1, 1e-3, 1e-4, 1e-4, 1e-4];
  for (let l = 0; l < 5; l++) {
    const up = [...x];
    const dn = [...x];
    up[l] += steps[l];
    dn[l] -= steps[l];
    const fu = analyticFlux(emu.lines, up, w);
    const fd = analyticFlux(emu.lines, dn, w);
    for (let m = 0; m < M; m++) J[m * 5 + l] = (fu[m] - fd[m]) / (2 * steps[l]);
  }
  return J;
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('emulatorJacobian', () => {
  it('central-difference and autodiff routes equal an independent float64 finite-difference Jacobian', () => {
    const fd = emulatorJacobian(emu, truths);
    const ad = emulatorJacobian(emu, truths, { method: 'autodiff', maxRows: 200 });
    const M = fd.pixels;
    expect(fd.batch).toBe(2);
    expect(M).toBe(emu.wavelength.fixed!.length);
    expect(fd.emulatorEvaluations).toBe(2 * 11);
    expect(ad.emulatorEvaluations).toBe(2 + 2 * M);
    truths.forEach((x, b) => {
      const ref = referenceJacobian(x);
      for (let l = 0; l < 5; l++) {
        const col = (J: ArrayLike<number>, off: number) =>
          Float64Array.from({ length: M }, (_, m) => J[off + m * 5 + l]);
        const r = col(ref, 0);
        const scale = maxAbs(r) || 1;
        const dFd = col(fd.values, b * M * 5).map((v, m) => v - r[m]);
        const dAd = col(ad.values, b * M * 5).map((v, m) => v - r[m]);
        if (l === 4) {
          expect(maxAbs(col(fd.values, b * M * 5))).toBe(0);
          expect(maxAbs(col(ad.values, b * M * 5))).toBe(0);
        } else {
          expect(maxAbs(dFd) / scale).toBeLessThan(5e-3);
          expect(maxAbs(dAd) / scale).toBeLessThan(1e-4);
        }
      }
    });
  });
  it('at the box edge: one-sided differences inside the box, equal to the independent Jacobian; no row outside', () => {
    // a grid emulator refuses labels outside its box: this one throws like it
    const guarded = {
      ...emu,
      predict: (labels: tf.Tensor2D, w?: tf.Tensor1D | Float64Array) => {
        const x = labels.arraySync();
        x.forEach((row) =>
          row.forEach((v, c) => {
            const { min, max, name } = emu.labels[c];
            if (v < min || v > max) throw new Error(`label ${name} = ${v} outside [${min}, ${max}]`);
          }),
        );
        return emu.predict(labels, w);
      },
    };
    const edges = [
      [6000, 4, 1, -2, -2], // every label on a bound
      [5999.5, 4.0002, 0.9995, -1.9996, 1], // within h (1e-3 of the range) of a bound
    ];
    const fd = emulatorJacobian(guarded, edges);
    const M = fd.pixels;
    edges.forEach((x, b) => {
      const ref = referenceJacobian(x);
      for (let l = 0; l < 4; l++) {
        const r = Float64Array.from({ length: M }, (_, m) => ref[m * 5 + l]);
        const d = Float64Array.from({ length: M }, (_, m) => fd.values[(b * M + m) * 5 + l] - r[m]);
        expect(maxAbs(d) / maxAbs(r), `vector ${b}, label ${l}`).toBeLessThan(5e-3);
      }
    });
  });

  it('selects label columns, applies an operator, and does not leak tensors', () => {
    const before = tf.memory().numTensors;
    const j = emulatorJacobian(emu, truths[0], { labels: ['Fe', 'Teff'], operator: (f) => f.slice([0, 10], [-1, 20]) });
    expect(j.labelNames).toEqual(['Fe', 'Teff']);
    expect(j.pixels).toBe(20);
    emulatorJacobian(emu, truths, { method: 'autodiff' });
    expect(tf.memory().numTensors).toBe(before);
  });
  it('throws typed errors for bad input', () => {
    expect(() => emulatorJacobian(emu, [[1, 2]])).toThrow(
      /emulatorJacobian: label vector 0 must have 5 values \(one per emulator label\); got 2/,
    );
    expect(() => emulatorJacobian(emu, truths, { labels: ['Zr'] })).toThrow(
      /unknown label 'Zr'; expected one of Teff, logg, Fe, Mg, Eu/,
    );
    expect(() => emulatorJacobian(emu, [5000, 4.5, NaN, 0, 0])).toThrow(/label 2 of vector 0 must be finite; got NaN/);
  });
});

describe('bounds and screening', () => {
  it('bounds scale as 1/(S/N); Eu (no lines) is unconstrained', () => {
    const jac = emulatorJacobian(emu, truths);
    const b50 = crbBounds(fisherMatrix(jac, { snr: 50 }));
    const b200 = crbBounds(fisherMatrix(jac, { snr: 200 }));
    for (let i = 0; i < 10; i++) {
      if (i % 5 === 4) {
        expect(b50.marginal[i]).toBe(Infinity);
        continue;
      }
      expect(b50.marginal[i] / b200.marginal[i]).toBeCloseTo(4, 10);
      expect(b50.conditional[i] / b200.conditional[i]).toBeCloseTo(4, 10);
      expect(b50.conditional[i]).toBeLessThanOrEqual(b50.marginal[i] * (1 + 1e-12));
    }
  });
  it('screenLabels selects constrained labels below the threshold and renders table and plot spec', () => {
    const res = screenLabels(emu, truths, {
      snr: 100,
      threshold: { Teff: 50, logg: 0.05, Fe: 0.05, Mg: 0.05, Eu: 0.05 },
    });
    expect(res.labels.map((r) => r.name)).toEqual(['Teff', 'logg', 'Fe', 'Mg', 'Eu']);
    expect(res.labels[4]).toMatchObject({ medianMarginal: Infinity, selected: false });
    expect(res.selected).toContain('Fe');
    const table = screeningTable(res);
    expect(table.split('\n')[0]).toBe('| label | unit | median_marginal | median_conditional | threshold | selected |');
    expect(table).toMatch(/\| Eu \| dex \| inf \| inf \| 0\.05 \| no \|/);
    expect(screeningTable(res, 'csv').split('\n')[0]).toBe(
      'label,unit,median_marginal,median_conditional,threshold,selected',
    );
    const spec = screeningPlotSpec(res) as { data: { values: { label: string; unconstrained: boolean }[] } };
    expect(spec.data.values.find((v) => v.label === 'Eu')!.unconstrained).toBe(true);
    const none = screenLabels(emu, truths, { snr: 1, alwaysSelect: ['Teff'] });
    expect(none.selected).toEqual(['Teff']);
  });
});
