import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import * as resampleApi from '../src/resample/index';
import {
  DomainError,
  airToVacuum,
  broadenGaussian,
  broadenRotational,
  continuumNormalize,
  dopplerFactor,
  dopplerShift,
  interpolateLinear,
  rebinFlux,
  vacuumToAir,
} from '../src/resample/index';

type Fx = Record<string, any>;
let fx: Fx;
let w: Float64Array;
let f: Float64Array;
beforeAll(async () => {
  fx = JSON.parse(await readFile(new URL('./fixtures/resample/resample.json', import.meta.url), 'utf8')) as Fx;
  w = Float64Array.from(fx.wavelength);
  f = Float64Array.from(fx.flux);
});

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length) => {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
const integral = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (y[i]! + y[i - 1]!) * (x[i]! - x[i - 1]!);
  return s;
};

describe('resample public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(resampleApi).sort()).toEqual(
      [
        'APOGEE_CHIPS',
        'apogeeContinuumNormalize',
        'apogeeContinuumOperator',
        'applyApogeeContinuum',
        'DomainError',
        'SPEED_OF_LIGHT_KMS',
        'airToVacuum',
        'broadenGaussian',
        'broadenRotational',
        'continuumNormalize',
        'detectSegments',
        'dopplerFactor',
        'dopplerShift',
        'interpolateLinear',
        'pixelEdges',
        'rebinFlux',
        'vacuumToAir',
      ].sort(),
    );
  });
});

describe('against numpy/scipy', () => {
  it('interpolateLinear = np.interp', () => {
    expect(maxAbsDiff(interpolateLinear(fx.interp.newWavelength, w, f), fx.interp.flux)).toBeLessThan(1e-12);
    expect(Array.from(interpolateLinear([1, 9e9], w, f))).toEqual([f[0], f[f.length - 1]]);
    expect(interpolateLinear([1], w, f, { fill: NaN })[0]).toBeNaN();
  });
  it('rebinFlux = cumulative-integral rebin, and conserves the integral', () => {
    const out = rebinFlux(fx.rebin.newWavelength, w, f);
    expect(maxAbsDiff(out, fx.rebin.flux)).toBeLessThan(1e-10);
    // ∫ over whole output pixels equals ∫ of the input density over the same edges
    const nw = Float64Array.from(fx.rebin.newWavelength as number[]);
    const ne = resampleApi.pixelEdges(nw);
    let sOut = 0;
    for (let i = 0; i < nw.length; i++) sOut += out[i]! * (ne[i + 1]! - ne[i]!);
    const e = resampleApi.pixelEdges(w);
    const fine = rebinFlux(w, w, f); // identity on its own grid
    expect(maxAbsDiff(fine, f)).toBeLessThan(1e-12);
    let sIn = 0;
    for (let i = 0; i < w.length; i++) {
      const lo = Math.max(e[i]!, ne[0]!);
      const hi = Math.min(e[i + 1]!, ne[nw.length]!);
      if (hi > lo) sIn += f[i]! * (hi - lo);
    }
    expect(Math.abs(sOut - sIn) / sIn).toBeLessThan(1e-12);
  });
  it("dopplerShift = The Payne's shift; positive v is a redshift; v = 0 is the identity", () => {
    expect(maxAbsDiff(dopplerShift(w, f, fx.doppler.velocity), fx.doppler.flux)).toBeLessThan(1e-12);
    expect(dopplerFactor(30)).toBeGreaterThan(1);
    expect(dopplerShift(w, f, 0)).toEqual(f);
    // the deepest line moves to longer wavelength
    const argmin = (a: ArrayLike<number>) => Array.from(a).reduce((m, x, i, arr) => (x < arr[m]! ? i : m), 0);
    expect(w[argmin(dopplerShift(w, f, 100))]!).toBeGreaterThan(w[argmin(f)]!);
    expect(() => dopplerFactor(3e5)).toThrow(/'velocityKms' passed to 'dopplerFactor' must be below c/);
  });
  it('broadenGaussian at constant R on a log grid = scipy gaussian_filter1d; R = ∞ is the identity; EW preserved', () => {
    const out = broadenGaussian(w, f, fx.gaussian.R);
    const edge = Math.ceil(5 * fx.gaussian.sigmaPixels);
    expect(maxAbsDiff(out, fx.gaussian.flux, edge, w.length - edge)).toBeLessThan(2e-4);
    expect(broadenGaussian(w, f, Infinity)).toEqual(f);
    const ew = (y: ArrayLike<number>) =>
      integral(
        w,
        Float64Array.from(y, (v) => 1 - v),
      );
    expect(Math.abs(ew(out) - ew(f)) / ew(f)).toBeLessThan(1e-3);
    // R varying with λ: a narrower kernel at longer wavelength than with the constant R
    const varying = broadenGaussian(w, f, (lambda) => 20000 * (lambda / 5000) ** 4);
    expect(maxAbsDiff(varying, f, 850, 950)).toBeLessThan(maxAbsDiff(out, f, 850, 950));
  });
  it('broadenRotational = vectorised Gray kernel; v sin i = 0 is the identity; EW preserved', () => {
    const out = broadenRotational(w, f, fx.rotation.vsini, fx.rotation.epsilon);
    expect(maxAbsDiff(out, fx.rotation.flux)).toBeLessThan(1e-10);
    expect(broadenRotational(w, f, 0)).toEqual(f);
    const ew = (y: ArrayLike<number>) =>
      integral(
        w,
        Float64Array.from(y, (v) => 1 - v),
      );
    expect(Math.abs(ew(out) - ew(f)) / ew(f)).toBeLessThan(1e-3);
    expect(() => broadenRotational(w, f, 5, 1.2)).toThrow(
      /'limbDarkening' passed to 'broadenRotational' must be in \[0, 1\]; got 1.2/,
    );
  });
  it('continuumNormalize = sigma-clipped numpy chebfit per segment, segments detected from the gap', () => {
    const cw = Float64Array.from(fx.continuum.wavelength as number[]);
    const { continuum, normalized } = continuumNormalize(cw, fx.continuum.flux, { degree: 3 });
    expect(maxAbsDiff(continuum, fx.continuum.continuum)).toBeLessThan(1e-9);
    expect(normalized[10]).toBeCloseTo(fx.continuum.flux[10] / fx.continuum.continuum[10], 12);
    expect(resampleApi.detectSegments(cw)).toEqual([
      [0, fx.continuum.gapIndex],
      [fx.continuum.gapIndex, cw.length],
    ]);
    const given = continuumNormalize(cw, fx.continuum.flux, {
      segments: [
        [cw[0]!, cw[fx.continuum.gapIndex - 1]!],
        [cw[fx.continuum.gapIndex]!, cw[cw.length - 1]!],
      ],
    });
    expect(maxAbsDiff(given.continuum, fx.continuum.continuum)).toBeLessThan(1e-9);
  });
  it('vacuumToAir (Morton 2000) and airToVacuum (Piskunov) match the formulas and invert each other', () => {
    expect(maxAbsDiff(vacuumToAir(fx.airvac.vacuum), fx.airvac.air)).toBeLessThan(1e-9);
    expect(maxAbsDiff(airToVacuum(fx.airvac.air), fx.airvac.vacuumFromAir)).toBeLessThan(1e-9);
    expect(maxAbsDiff(airToVacuum(vacuumToAir(fx.airvac.vacuum)), fx.airvac.vacuum)).toBeLessThan(1e-4);
    expect(vacuumToAir([6564.61])[0]).toBeCloseTo(6562.8, 2); // Hα (NIST: 6562.79 air)
    expect(vacuumToAir([1500])[0]).toBe(1500);
  });
});

describe('bad input → DomainError naming argument, index and value', () => {
  it('rejects NaN, unsorted and mismatched inputs', () => {
    const bad = Float64Array.from([1, 2, NaN, 4]);
    expect(() => interpolateLinear([1.5], bad, [1, 2, 3, 4])).toThrow(
      /Argument 'wavelength' passed to 'interpolateLinear' must be finite; pixel 2 is NaN/,
    );
    expect(() => rebinFlux([1, 3, 2], [1, 2, 3], [1, 1, 1])).toThrow(
      /'newWavelength' passed to 'rebinFlux' must be increasing; pixel 2 \(2 Å\) ≤ pixel 1 \(3 Å\)/,
    );
    expect(() => broadenGaussian([1, 2, Infinity], [1, 1, 1], 100)).toThrow(/pixel 2 is Infinity/);
    expect(() => dopplerShift([1, 2, 3], [1, 1], 5)).toThrow(
      /Argument 'flux' passed to 'dopplerShift' must have the length of 'wavelength' \(3\); got 2/,
    );
    expect(() => broadenGaussian([1, 2, 3], [1, 1, 1], -5)).toThrow(
      /'resolvingPower' passed to 'broadenGaussian' must be > 0; got -5 at pixel 0/,
    );
    expect(() => vacuumToAir([5000, -1])).toThrow(/pixel 1 is -1/);
    expect(() => continuumNormalize([1, 2, 3], [1, 1, 1], { degree: 3 })).toThrow(DomainError);
  });
});
