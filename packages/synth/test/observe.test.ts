import { describe, expect, it } from 'vitest';
import { observe, createSynthesizer, labelVector } from '../src/index';

describe('observe (grid-io operators)', () => {
  const s = createSynthesizer({ R: 100_000, lambdaMin: 4400, lambdaMax: 4450 });
  const f = s.synthesize(labelVector());
  it('LSF and rotation make lines shallower but keep the equivalent width', () => {
    const o = observe(s.wavelength, f, { R: 20_000, vsini: 5 });
    const min = (a: ArrayLike<number>) => Math.min(...Array.from(a));
    expect(min(o.flux)).toBeGreaterThan(min(f));
    const ew = (a: ArrayLike<number>) =>
      Array.from(a)
        .slice(500, -500)
        .reduce((t, x) => t + (1 - x), 0);
    expect(ew(o.flux) / ew(f)).toBeCloseTo(1, 1);
  });
  it('a Doppler shift moves the deepest pixel by v/c', () => {
    const o = observe(s.wavelength, f, { rv: 30 });
    const argmin = (a: ArrayLike<number>) =>
      Array.from(a).reduce((k, x, i, arr) => (x < (arr[k] as number) ? i : k), 0);
    const shift = ((s.wavelength[argmin(o.flux)] as number) / (s.wavelength[argmin(f)] as number) - 1) * 299792.458;
    expect(shift).toBeCloseTo(30, -1);
  });
  it('noise at S/N has the right scatter, is seeded, and sets ivar', () => {
    const a = observe(s.wavelength, f, { snr: 50, seed: 4 });
    const b = observe(s.wavelength, f, { snr: 50, seed: 4 });
    expect(Array.from(a.flux)).toEqual(Array.from(b.flux));
    let chi2 = 0;
    for (let i = 0; i < f.length; i++) chi2 += ((a.flux[i] as number) - (f[i] as number)) ** 2 * (a.ivar[i] as number);
    expect(chi2 / f.length).toBeGreaterThan(0.9);
    expect(chi2 / f.length).toBeLessThan(1.1);
  });
});
