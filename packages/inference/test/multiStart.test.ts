import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitSpectra } from '../src/index';
import { dopplerFactor } from '@astroemu/grid-io';
import { ANALYTIC_LABELS, analyticFlux, createAnalyticEmulator, logGrid } from '../../crb/test/analyticEmulator';
import { rng } from './helpers';
import { observe } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });

/**
 * The analytic emulator with Teff warped: it shows the spectrum of T' = T − 700 K · exp(−((T − 5150 K) / 300 K)²), so a
 * star of T' ≲ 4450 K is ALSO nearly matched at T ≈ 5150 K (a local minimum of χ² ~ 1000 K too hot, like a cool
 * metal-poor star fitted hot), while the global minimum is at the true T. With `teff` the box is narrowed.
 */
function warped(teff: [number, number] = [4000, 6000]): Emulator {
  const labels = ANALYTIC_LABELS.map((l) => (l.name === 'Teff' ? { ...l, min: teff[0], max: teff[1] } : l));
  const warp = (x: tf.Tensor2D) =>
    tf.tidy(() => {
      const t = x.slice([0, 0], [-1, 1]);
      const tw = t.sub(tf.exp(t.sub(5150).div(300).square().neg()).mul(700));
      return tf.concat([tw, x.slice([0, 1], [-1, -1])], 1) as tf.Tensor2D;
    });
  return {
    ...base,
    labels,
    predict: (x: tf.Tensor2D, w?: tf.Tensor1D | Float64Array) => tf.tidy(() => base.predict(warp(x), w)),
  } as Emulator;
}

describe('multi-start that explores (labels and velocity)', () => {
  const truths = [
    [4300, 4.6, -1.2, -1.0, 0],
    [4350, 4.6, -1.4, -0.8, 0],
  ];
  const obs = truths.map((t, i) => observe(base.lines, t, 35 - 60 * i, 100, 40 + i, 5000, 5040, 2e-5));
  const common = { fit: ['Teff', 'logg', 'Fe', 'Mg'], fixed: { Eu: 0 }, rv: { min: -200, max: 200 } } as const;

  it('one start from the box centre falls into the hot local minimum; the multi-start finds the global χ² minimum', () => {
    const single = fitSpectra(warped(), obs, common);
    const multi = fitSpectra(warped(), obs, { ...common, initialCandidates: 24, starts: 3 });
    // independent reference for the global minimum: the same fit in a box that holds only its basin
    const cool = fitSpectra(warped([4000, 4800]), obs, common);
    obs.forEach((_, i) => {
      console.log(
        `star ${i}: single start Teff ${single[i].labels.Teff.toFixed(0)} χ² ${single[i].chi2.toFixed(1)}; multi-start Teff ${multi[i].labels.Teff.toFixed(0)} ± ${multi[i].uncertainties.Teff.toFixed(0)} χ² ${multi[i].chi2.toFixed(1)}, rv ${multi[i].rv.toFixed(2)}; cool box χ² ${cool[i].chi2.toFixed(1)}; rows ${single[i].emulatorEvaluations.toFixed(0)} vs ${multi[i].emulatorEvaluations.toFixed(0)}`,
      );
      expect(single[i].labels.Teff).toBeGreaterThan(5000); // the trap is real
      expect(single[i].chi2 - cool[i].chi2).toBeGreaterThan(10);
      expect(multi[i].chi2).toBeLessThanOrEqual(cool[i].chi2 + 0.05);
      for (const n of common.fit)
        expect(Math.abs(multi[i].labels[n] - cool[i].labels[n])).toBeLessThan(0.25 * cool[i].uncertainties[n]);
      common.fit.forEach((n, l) =>
        expect(Math.abs(multi[i].labels[n] - truths[i][l])).toBeLessThan(3 * multi[i].uncertainties[n]),
      );
      expect(multi[i].converged).toBe(true);
    });
  });

  it('velocity: when the cross-correlation peak of the box-centre template is a ghost, the other peaks are started too', () => {
    // a metal-rich, Mg-poor star at +100 km/s times a ghost (the box-centre spectrum itself at −100 km/s, e.g. a
    // companion the single-star model does not have): the box-centre template correlates best with the ghost, but the
    // single-star model explains more χ² at the star's velocity (a stress test: neither reaches a good reduced χ²)
    const star = [4300, 4.5, 0.5, -1.9, 0];
    const centre = [5000, 4.5, -0.5, -0.5, -0.5];
    const wavelength = logGrid(5000, 5040, 2e-5);
    const f1 = analyticFlux(
      base.lines,
      star,
      Float64Array.from(wavelength, (w) => w / dopplerFactor(100)),
    );
    const f2 = analyticFlux(
      base.lines,
      centre,
      Float64Array.from(wavelength, (w) => w / dopplerFactor(-100)),
    );
    const r = rng(77);
    const flux = Float64Array.from(f1, (f, i) => f * f2[i] + r.normal() / 100);
    const spectrum = { wavelength, flux, ivar: new Float64Array(flux.length).fill(1e4) };
    const opts = { fit: ['Teff', 'logg', 'Fe', 'Mg'], fixed: { Eu: 0 }, rv: { min: -200, max: 200 } } as const;
    const [single] = fitSpectra(base, [spectrum], opts);
    const [labelsOnly] = fitSpectra(base, [spectrum], { ...opts, initialCandidates: 24, starts: 3, rvCandidates: 1 });
    const [multi] = fitSpectra(base, [spectrum], { ...opts, initialCandidates: 24, starts: 3 });
    const [near] = fitSpectra(base, [spectrum], { ...opts, rv: { min: 50, max: 150 } }); // reference: the star's basin only
    const [far] = fitSpectra(base, [spectrum], { ...opts, rv: { min: -150, max: -50 } });
    console.log(`ghost basin χ² ${far.chi2.toFixed(0)}`);
    console.log(
      `ghost: single rv ${single.rv.toFixed(1)} χ² ${single.chi2.toFixed(0)}; labels-only multi-start rv ${labelsOnly.rv.toFixed(1)} χ² ${labelsOnly.chi2.toFixed(0)}; multi rv ${multi.rv.toFixed(1)} χ² ${multi.chi2.toFixed(0)}; star's basin χ² ${near.chi2.toFixed(0)}`,
    );
    expect(Math.abs(single.rv + 100)).toBeLessThan(20); // the trap: the ghost's velocity
    expect(labelsOnly.chi2 - near.chi2).toBeGreaterThan(1000); // label candidates at the one CC velocity stay trapped
    expect(far.chi2 - near.chi2).toBeGreaterThan(1000);
    expect(multi.chi2).toBeLessThanOrEqual(near.chi2 + 0.05);
    expect(Math.abs(multi.rv - near.rv)).toBeLessThan(0.25 * near.rvUncertainty);
  });
});
