import { expect, it } from 'vitest';
import { makeGrid } from '@astroemu/synth';
import { gridEncodingPeriods } from '../src/gridEncodingPeriods';

it("matches TransformerPayne's encoding periods to a grid: 2 pixels to 4× the log10 span", () => {
  // the demo grid: R = 20 000 over 5000–5100 Å, one pixel per λ/R
  const wl = makeGrid({ kind: 'train', n: 1, R: 20_000, lambdaMin: 5000, lambdaMax: 5100 }).wavelength;
  const { minPeriod, maxPeriod } = gridEncodingPeriods(wl);
  expect(minPeriod).toBeCloseTo(2 / (20_000 * Math.LN10), 9); // λ_i = λ_0 · exp(i / R)
  expect(maxPeriod).toBeCloseTo(4 * Math.log10(wl[wl.length - 1]! / wl[0]!), 9);
  expect(maxPeriod! / minPeriod!).toBeGreaterThan(100);
  // uneven grids: the finest spacing sets the shortest period
  expect(gridEncodingPeriods(Float64Array.from([1000, 1001, 1100])).minPeriod).toBeCloseTo(2 * Math.log10(1.001), 12);
  expect(gridEncodingPeriods(Float64Array.from([5000]))).toEqual({});
});
