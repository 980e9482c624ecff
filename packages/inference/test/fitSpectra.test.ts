import * as tf from '@tensorflow/tfjs';
import { crbBounds, emulatorJacobian, fisherMatrix } from '@astroemu/crb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dopplerShiftTensor, fitSpectra } from '../src/index';
import { createAnalyticEmulator } from '../../crb/test/analyticEmulator';
import { observe, rng } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FIT = ['Teff', 'logg', 'Fe', 'Mg'];

describe('fitSpectra (LM) on synthetic spectra at S/N 100', () => {
  const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
  const r = rng(3);
  const N = 40;
  const cases = Array.from({ length: N }, (_, i) => ({
    labels: [4500 + 1000 * r.u(), 4.2 + 0.6 * r.u(), -1 + 1.5 * r.u(), -1 + 1.5 * r.u(), 0],
    v: i === 0 ? 300 : i === 1 ? -300 : -300 + 600 * r.u(),
    cont: [1 + 0.05 * (r.u() - 0.5), 0.04 * (r.u() - 0.5)] as [number, number],
  }));
  const obs = cases.map((c, i) => observe(emu.lines, c.labels, c.v, 100, 100 + i, 5000, 5040, 2e-5, c.cont));

  it('recovers labels and RV (±300 km/s) within 3σ for ≥ 95 % of cases; σ agree with the CRB within 1.5×', () => {
    const before = tf.memory().numTensors;
    const res = fitSpectra(emu, obs, { fit: FIT, fixed: { Eu: 0 }, continuum: { degree: 1 } });
    expect(tf.memory().numTensors).toBe(before);
    let within = 0;
    let total = 0;
    const ratios: number[] = [];
    res.forEach((f, i) => {
      expect(f.flags).not.toContain('error');
      expect(f.flags, f.notes.join('; ')).not.toContain('not-converged');
      FIT.forEach((n, l) => {
        total++;
        if (Math.abs(f.labels[n] - cases[i].labels[l]) < 3 * f.uncertainties[n]) within++;
      });
      total++;
      if (Math.abs(f.rv - cases[i].v) < 3 * f.rvUncertainty) within++;
    });
    const evals = res.map((f) => f.emulatorEvaluations);
    console.log(
      `LM: ${within}/${total} within 3σ; evaluations per spectrum median ${evals.sort((a, b) => a - b)[N / 2]}, max ${evals[N - 1]}; reduced χ² median ${res
        .map((f) => f.reducedChi2)
        .sort()
        [N / 2].toFixed(
          3,
        )}; rv(±300) = ${res[0].rv.toFixed(2)} ± ${res[0].rvUncertainty.toFixed(2)}, ${res[1].rv.toFixed(2)} ± ${res[1].rvUncertainty.toFixed(2)}`,
    );
    expect(within / total).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(res[0].rv - 300)).toBeLessThan(1);
    expect(Math.abs(res[1].rv + 300)).toBeLessThan(1);
    // CRB at the truth with the same observation operator (shift + continuum), RV and continuum known
    for (let i = 0; i < 8; i++) {
      const c = cases[i];
      const w = obs[i].wavelength;
      const n = w.length;
      const contT = tf.tensor1d(
        Float32Array.from({ length: n }, (_, k) => c.cont[0] + c.cont[1] * ((2 * k) / (n - 1) - 1)),
      );
      const jac = emulatorJacobian(emu, c.labels, {
        labels: FIT,
        operator: (f) =>
          dopplerShiftTensor(emu.wavelength.fixed!, f, w, tf.fill([f.shape[0]], c.v) as tf.Tensor1D).mul(contT),
      });
      contT.dispose();
      const crb = crbBounds(fisherMatrix(jac, { ivar: obs[i].ivar }));
      FIT.forEach((name, l) => ratios.push(res[i].uncertainties[name] / crb.marginal[l]));
    }
    console.log(`σ_fit / σ_CRB: min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}`);
    for (const q of ratios) {
      expect(q).toBeGreaterThan(1 / 1.5);
      expect(q).toBeLessThan(1.5);
    }
  });

  it('a spectrum that cannot be fitted gets an error result; the others continue', () => {
    const bad = [
      { ...obs[0], mask: new Uint8Array(obs[0].wavelength.length).fill(1) },
      { ...obs[1], wavelength: Float64Array.from(obs[1].wavelength, (x) => x + 3000) },
      obs[2],
      { ...obs[3], wavelength: Float64Array.from(obs[3].wavelength, (x, i) => (i === 5 ? NaN : x)) },
    ];
    const res = fitSpectra(emu, bad, { fit: FIT, fixed: { Eu: 0 }, continuum: { degree: 1 } });
    expect(res[0].error).toMatch(/fitSpectra: spectrum 0 has 0 usable pixels \(need > 7\)/);
    expect(res[1].error).toMatch(
      /spectrum 1 has 0 usable pixels .* within 4998\.\d+–5041\.\d+ Å .* spectrum covers 8000–/,
    );
    expect(res[3].error).toMatch(/spectrum 3: wavelength must be finite and increasing; pixel 5 \(NaN Å\)/);
    for (const k of [0, 1, 3]) expect(res[k].flags).toEqual(['error']);
    expect(res[2].flags).not.toContain('error');
    expect(Math.abs(res[2].labels.Fe - cases[2].labels[2])).toBeLessThan(4 * res[2].uncertainties.Fe);
    expect(() => fitSpectra(emu, bad, { fit: ['Zr'] })).toThrow(
      /fitSpectra: options.fit names unknown label 'Zr'; expected one of Teff, logg, Fe, Mg, Eu/,
    );
  });
});
