import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitSpectra } from '../src/index';
import { createAnalyticEmulator } from '../../crb/test/analyticEmulator';
import { observe } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FIT = ['Teff', 'logg', 'Fe', 'Mg'];
const OTHERS = FIT.slice(1);

// A truth on the lower Teff bound (4000 K; about half the noise realisations want Teff below it) and one 150 K below
// it (a star the box does not hold). The minimum of χ² inside the box then has Teff = 4000 K; the independent check is
// the fit of the other labels with Teff FIXED at 4000 K (no bound involved, an ordinary interior minimum).
describe('bounded LM with an active set', () => {
  const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
  const cases = [11, 12, 13, 14, 15, 16]
    .map((seed) => ({ seed, truth: [4000, 4.6, -0.3, 0.2, 0] }))
    .concat([21, 22].map((seed) => ({ seed, truth: [3850, 4.7, 0.1, -0.4, 0] })));
  const obs = cases.map((c) => observe(emu.lines, c.truth, 20, 100, c.seed, 5000, 5040, 2e-5, [1, 0]));
  const common = { fixed: { Eu: 0 }, continuum: { degree: 1 } } as const;

  it('re-solves the free labels when Teff sits at its bound: the constrained χ² minimum, within 3σ of truth', () => {
    const before = tf.memory().numTensors;
    const res = fitSpectra(emu, obs, { ...common, fit: FIT });
    const ref = fitSpectra(emu, obs, { fit: OTHERS, continuum: common.continuum, fixed: { Teff: 4000, Eu: 0 } });
    expect(tf.memory().numTensors).toBe(before);
    let atBound = 0;
    res.forEach((f, i) => {
      const { truth, seed } = cases[i];
      const dz = OTHERS.map((n) => (f.labels[n] - ref[i].labels[n]) / ref[i].uncertainties[n]);
      console.log(
        `seed ${seed}: Teff ${f.labels.Teff.toFixed(1)} ± ${f.uncertainties.Teff.toFixed(1)}, χ² ${f.chi2.toFixed(2)} (Teff fixed at 4000: ${ref[i].chi2.toFixed(2)}), (fit − fixed-Teff fit)/σ of logg, Fe, Mg = ${dz.map((x) => x.toFixed(2)).join(', ')}; flags ${f.flags.join(';')}`,
      );
      expect(f.converged).toBe(true);
      expect(f.chi2).toBeLessThanOrEqual(ref[i].chi2 + 0.05);
      if (f.atBound.includes('Teff')) {
        atBound++;
        expect(f.labels.Teff - 4000).toBeLessThan(2); // within 1e-3 of the box, the at-bound test
        expect(f.flags).toContain('at-bound');
        for (const z of dz) expect(Math.abs(z)).toBeLessThan(0.25); // the LM stops within Δχ² ≈ 0.02 of a minimum
      }
      // the other labels cover the truth (the box-truth cases; the star outside the box has no true in-box value)
      if (truth[0] === 4000)
        OTHERS.forEach((n, l) => expect(Math.abs(f.labels[n] - truth[l + 1])).toBeLessThan(3 * f.uncertainties[n]));
    });
    expect(atBound).toBeGreaterThanOrEqual(5);
  });
});
