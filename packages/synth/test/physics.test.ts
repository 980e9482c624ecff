import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  voigtH,
  ionizationFractions,
  hminusOpacityPerPe,
  saturatedResidualFlux,
  logUniformWavelength,
  solvePhotosphere,
  labelVector,
  SOLAR_ABUNDANCES,
  SOLAR_HELIUM_FRACTION,
} from '../src/index';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;

describe('voigtH (Humlíček W4) vs scipy.special.wofz', () => {
  const rows = fixture<{ a: number; v: number; H: number }[]>('voigt.json');
  it('agrees to 1.5e-4 relative (or 1e-8 absolute) over a ∈ [0, 10], v ∈ [-7, 100]', () => {
    let worst = 0;
    for (const { a, v, H } of rows) {
      const err = Math.abs(voigtH(a, v) - H) / Math.max(Math.abs(H), 1e-8 / 1.5e-4);
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThan(1.5e-4);
    expect(rows.length).toBeGreaterThan(900);
  });
  it('is e^{-v²} for a = 0 and normalised to √π', () => {
    expect(voigtH(0, 1.3)).toBeCloseTo(Math.exp(-1.69), 6);
    let s = 0;
    for (let v = -2000; v <= 2000; v += 0.01) s += voigtH(0.05, v) * 0.01;
    expect(s / Math.sqrt(Math.PI)).toBeCloseTo(1, 3);
  });
});

describe('Saha ionisation fractions vs an independent numpy computation', () => {
  const rows = fixture<{ Z: number; T: number; Pe: number; fractions: number[] }[]>('saha.json');
  it('match to 1e-9 relative for H, Na, Ca, Ti, Fe, Ba, Ce', () => {
    for (const r of rows) {
      const f = ionizationFractions(r.Z, r.T, r.Pe);
      for (let k = 0; k < 3; k++) {
        const want = r.fractions[k] as number;
        expect(Math.abs((f[k] as number) - want)).toBeLessThanOrEqual(1e-9 * Math.max(want, 1e-30) + 1e-300);
      }
    }
  });
  it('ionises more at higher T and lower Pe', () => {
    expect(ionizationFractions(26, 6000, 10)[1]).toBeGreaterThan(ionizationFractions(26, 5000, 10)[1] as number);
    expect(ionizationFractions(26, 5000, 1)[1]).toBeGreaterThan(ionizationFractions(26, 5000, 10)[1] as number);
  });
});

describe('H⁻ continuous opacity (Gray eqs. 8.11–8.13)', () => {
  it('matches the numpy evaluation to 1e-12 relative', () => {
    for (const r of fixture<{ lambda: number; T: number; kappaPerPe: number }[]>('hminus.json')) {
      expect(Math.abs(hminusOpacityPerPe(r.lambda, r.T) / r.kappaPerPe - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('saturated residual flux r0 = B(2^{-1/4}T)/B(T)', () => {
  it('matches the SI Planck function', () => {
    for (const r of fixture<{ lambda: number; T: number; r0: number }[]>('planck.json')) {
      expect(saturatedResidualFlux(r.lambda, r.T)).toBeCloseTo(r.r0, 8);
    }
  });
});

describe('logUniformWavelength', () => {
  it('gives 22 315 pixels at R = 100 000 over 4000–5000 Å and matches numpy', () => {
    for (const r of fixture<
      { R: number; lambdaMin: number; lambdaMax: number; n: number; first: number[]; last: number }[]
    >('wavelength.json')) {
      const w = logUniformWavelength(r);
      expect(w.length).toBe(r.n);
      expect(w[1]).toBeCloseTo(r.first[1] as number, 9);
      expect(w[w.length - 1]).toBeCloseTo(r.last, 7);
    }
    expect(logUniformWavelength().length).toBe(22315);
  });
  it('rejects a bad range naming the argument', () => {
    expect(() => logUniformWavelength({ lambdaMin: 5000, lambdaMax: 4000 })).toThrow(
      /Argument 'lambdaMax' passed to 'logUniformWavelength' must be .*got 4000/,
    );
  });
});

describe('photosphere (hydrostatic equilibrium with H⁻ opacity)', () => {
  it('is a fixed point Pe = sqrt(4/3 g μ_H α / k1) and near solar values for the Sun', () => {
    const sun = solvePhotosphere(labelVector({ Teff: 5772, logg: 4.438 }));
    expect(sun.Pe).toBeGreaterThan(5);
    expect(sun.Pe).toBeLessThan(60);
    expect(sun.Pg).toBeGreaterThan(5e4);
    expect(sun.Pg).toBeLessThan(3e5);
    expect(sun.heliumPerH).toBeCloseTo(10 ** ((SOLAR_ABUNDANCES[2] as number) - 12), 6);
    expect(SOLAR_HELIUM_FRACTION).toBeCloseTo(0.0784, 4);
  });
  it('Pe grows ≈ as g^{1/2} with gravity, and with metallicity (more electron donors)', () => {
    const lo = solvePhotosphere(labelVector({ logg: 4 })).Pe;
    const hi = solvePhotosphere(labelVector({ logg: 5 })).Pe;
    expect(Math.log10(hi / lo)).toBeGreaterThan(0.3);
    expect(Math.log10(hi / lo)).toBeLessThan(0.7);
    expect(solvePhotosphere(labelVector({ metallicity: 0.5 })).Pe).toBeGreaterThan(
      solvePhotosphere(labelVector({ metallicity: -0.5 })).Pe,
    );
  });
  it('helium raises the mean molecular weight and so, slightly, the pressures', () => {
    const a = solvePhotosphere(labelVector({ He: 0 }));
    const b = solvePhotosphere(labelVector({ He: 0.1568 }));
    // μ_H grows 1.7× from He = 0 to 0.1568 (number fraction; mass fraction 0 → 0.43): Pg ∝ sqrt(μ_H).
    expect(b.Pg / a.Pg).toBeGreaterThan(1.2);
    expect(b.Pg / a.Pg).toBeLessThan(1.6);
    expect(b.Pe / a.Pe).toBeGreaterThan(1.02);
    expect(b.Pe / a.Pe).toBeLessThan(1.3);
  });
});
