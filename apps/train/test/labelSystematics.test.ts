import { expect, test } from 'vitest';
import type { FitResult } from '@astroemu/inference';
import { DEMO_FIT_LABELS, labelSystematics } from '../src/fitHeldOut';

// σ²_sys = max(0, mean (fit − true)² − mean σ²_fit), by hand: Teff errors 30, −50, 10 K with σ 10, 20, 10 K →
// mean Δ² = (900 + 2500 + 100)/3 = 3500/3, mean σ² = (100 + 400 + 100)/3 = 200 → σ_sys = √(2900/3) = 31.0913 K.
// logg errors 0.01, 0, −0.01 with σ 0.05: mean Δ² < mean σ² → σ_sys 0. A failed fit (error) is left out.
test('labelSystematics: the label error beyond σ_fit, from fits of spectra with known labels', () => {
  const fit = (dT: number, sT: number, dg: number, error?: string) =>
    ({
      labels: { Teff: 5000 + dT, logg: 4.5 + dg, Fe: 0, Mg: 0 },
      uncertainties: { Teff: sT, logg: 0.05, Fe: 0.01, Mg: 0.01 },
      ...(error ? { error } : {}),
    }) as unknown as FitResult;
  const results = [fit(30, 10, 0.01), fit(-50, 20, 0), fit(1e4, 1, 5, 'not fitted'), fit(10, 10, -0.01)];
  const truth = (_k: number, l: string) => ({ Teff: 5000, logg: 4.5, Fe: 0, Mg: 0 })[l]!;
  const s = labelSystematics(results, truth);
  expect(Object.keys(s)).toEqual(DEMO_FIT_LABELS);
  expect(s.Teff!.sigmaSys).toBeCloseTo(Math.sqrt(2900 / 3), 9);
  expect(s.Teff!.rmsError).toBeCloseTo(Math.sqrt(3500 / 3), 9);
  expect(s.Teff!.rmsSigma).toBeCloseTo(Math.sqrt(200), 9);
  expect(s.logg!.sigmaSys).toBe(0);
  expect(s.Fe!.sigmaSys).toBe(0);
});
