import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitSpectra } from '../src/index';
import { createAnalyticEmulator } from '../../crb/test/analyticEmulator';
import { observe } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
const truth = [5200, 4.4, -0.4, 0.1, 0];

/** The analytic emulator with its flux changed by `change(labels, flux)` (tf ops). */
function wrapped(change: (labels: tf.Tensor2D, flux: tf.Tensor2D) => tf.Tensor2D): Emulator {
  return {
    ...emu,
    predict: (labels: tf.Tensor2D, w?: tf.Tensor1D | Float64Array) =>
      tf.tidy(() => change(labels, emu.predict(labels, w))),
  } as Emulator;
}

describe('honest flags', () => {
  const obs = observe(emu.lines, truth, 0, 100, 5, 5000, 5040, 2e-5);
  const noRv = { rv: { fit: false, value: 0 }, fixed: { Eu: 0 } } as const;

  it('a clean fit is converged, flagged with nothing, and its covariance holds the uncertainties and correlations', () => {
    const [f] = fitSpectra(emu, [obs], { ...noRv, fit: ['Teff', 'logg', 'Fe', 'Mg'] });
    expect(f.converged).toBe(true);
    expect(f.flags).toEqual([]);
    expect(f.notes).toEqual([]);
    expect(f.pixelsLost).toBe(0);
    const { parameters, values } = f.covariance;
    expect(parameters).toEqual(['Teff', 'logg', 'Fe', 'Mg']);
    parameters.forEach((n, i) => {
      expect(Math.sqrt(values[i * 4 + i]) / f.uncertainties[n]).toBeCloseTo(1, 10);
      for (let j = 0; j < 4; j++) {
        expect(values[i * 4 + j]).toBeCloseTo(values[j * 4 + i], 10);
        expect(Math.abs(values[i * 4 + j])).toBeLessThanOrEqual(
          Math.sqrt(values[i * 4 + i] * values[j * 4 + j]) * (1 + 1e-12),
        );
      }
    });
  });

  it('not-converged with the reason when a factorisation fails (the emulator returns NaN past logg = 4.5)', () => {
    const holed = wrapped((labels, flux) =>
      tf.where(labels.slice([0, 1], [-1, 1]).greater(4.5), tf.fill(flux.shape, NaN), flux),
    );
    const [f] = fitSpectra(holed, [obs], { ...noRv, fit: ['Teff', 'logg', 'Fe', 'Mg'] });
    expect(f.converged).toBe(false);
    expect(f.flags).toContain('not-converged');
    expect(f.notes.join('\n')).toMatch(/not-converged: the damped normal equations are not positive definite/);
  });

  it('not-converged when the damping blows up (a sawtooth in Teff makes the difference Jacobian point the wrong way)', () => {
    // flux · (1 + 0.02 · frac(Teff / 2.1 K)): rising with Teff within each 2.1 K tooth (slope +0.0095 / K), while the
    // 2 K difference step crosses a drop at almost every phase (−0.0005 / K): steps along the Jacobian go the wrong way
    const saw = wrapped((labels, flux) => {
      const x = labels.slice([0, 0], [-1, 1]).div(2.1);
      return flux.mul(x.sub(x.floor()).mul(0.02).add(1));
    });
    const data = { ...obs, flux: Float64Array.from(obs.flux, (v) => v * 1.05) }; // above every tooth: χ² wants the top of one
    const [f] = fitSpectra(saw, [data], { ...noRv, fit: ['Teff'], fixed: { logg: 4.4, Fe: -0.4, Mg: 0.1, Eu: 0 } });
    console.log(
      `sawtooth: Teff ${f.labels.Teff.toFixed(2)}, χ² ${f.chi2.toFixed(1)}, flags ${f.flags.join(';')}: ${f.notes.join(' | ')}`,
    );
    expect(f.converged).toBe(false);
    expect(f.notes.join('\n')).toMatch(/not-converged: the damping blew up/);
  });

  it('not-converged when the iterations run out', () => {
    const [f] = fitSpectra(emu, [obs], { ...noRv, fit: ['Teff', 'logg', 'Fe', 'Mg'], lm: { maxIterations: 1 } });
    expect(f.flags).toContain('not-converged');
    expect(f.notes).toContain('not-converged: no convergence in 1 iterations');
  });

  it('partial-coverage counts the pixels the emulator does not cover over the RV range', () => {
    // the spectrum runs from 4985 Å; the emulator starts at 4990 Å, so over v ≤ +100 km/s the observed pixels below
    // 4990 · D(+100) are lost (D the relativistic Doppler factor, computed here independently)
    const wide = observe(emu.lines, truth, 0, 100, 6, 4985, 5040, 2e-5);
    const beta = 100 / 299792.458;
    const edge = 4990 * Math.sqrt((1 + beta) / (1 - beta));
    const expected = Array.from(wide.wavelength).filter((w) => w < edge).length;
    expect(expected).toBeGreaterThan(50);
    const [f] = fitSpectra(emu, [wide], {
      fixed: { Eu: 0 },
      fit: ['Teff', 'logg', 'Fe', 'Mg'],
      rv: { min: -100, max: 100 },
    });
    expect(f.pixelsLost).toBe(expected);
    expect(f.flags).toContain('partial-coverage');
    expect(f.pixelsUsed).toBe(wide.wavelength.length - expected);
    expect(f.notes.join('\n')).toMatch(
      new RegExp(
        `partial-coverage: ${expected} of ${wide.wavelength.length} usable pixels lie outside 499\\d\\.\\d\\d–50\\d\\d\\.\\d\\d Å`,
      ),
    );
    expect(Math.abs(f.labels.Teff - truth[0])).toBeLessThan(3 * f.uncertainties.Teff);
  });

  it('Adam says whether it converged: not after 15 steps from random starts', () => {
    const [f] = fitSpectra(emu, [obs], {
      ...noRv,
      fit: ['Teff', 'logg', 'Fe', 'Mg'],
      optimizer: 'adam',
      starts: 2,
      adam: { steps: 15 },
    });
    expect(f.converged).toBe(false);
    expect(f.flags).toContain('not-converged');
    expect(f.notes.join('\n')).toMatch(
      /not-converged: after 15 Adam steps a Gauss–Newton step still predicts a χ² decrease of/,
    );
  });
});
