import { expect, test } from 'vitest';
import { effectiveSampleSize, essBulk, essTail, integratedAutocorrTime, splitRhat } from '../src/index';
import { gauss, lcg } from './linearModel';

/** AR(1) chains x_t = φ x_{t−1} + √(1−φ²) ε_t: stationary N(0, 1) with integrated autocorrelation time (1 + φ)/(1 − φ). */
function ar1(
  chains: number,
  n: number,
  phi: number,
  seed: number,
  shift: (c: number) => number = () => 0,
  scale: (c: number) => number = () => 1,
): Float64Array[] {
  const u = lcg(seed);
  return Array.from({ length: chains }, (_, c) => {
    const x = new Float64Array(n);
    let v = gauss(u);
    for (let t = 0; t < n; t++) {
      v = phi * v + Math.sqrt(1 - phi * phi) * gauss(u);
      x[t] = shift(c) + scale(c) * v;
    }
    return x;
  });
}

test('ESS and τ of AR(1) chains match the analytic τ = (1 + φ)/(1 − φ) within 15 %', () => {
  for (const phi of [0, 0.5, 0.9]) {
    const tau = (1 + phi) / (1 - phi);
    const chains = ar1(4, 20_000, phi, 3);
    const S = 4 * 20_000;
    expect(effectiveSampleSize(chains) / (S / tau)).toBeGreaterThan(0.85);
    expect(effectiveSampleSize(chains) / (S / tau)).toBeLessThan(1.15);
    expect(essBulk(chains) / (S / tau)).toBeGreaterThan(0.85);
    expect(essBulk(chains) / (S / tau)).toBeLessThan(1.15);
    expect(integratedAutocorrTime(chains) / tau).toBeGreaterThan(0.85);
    expect(integratedAutocorrTime(chains) / tau).toBeLessThan(1.15);
    // tail ESS: indicator chains are less correlated than the draws, never far more efficient than independent draws
    expect(essTail(chains)).toBeGreaterThan(0.5 * (S / tau));
    expect(essTail(chains)).toBeLessThan(1.2 * S);
  }
});

test('split-R̂ ≈ 1 for mixed chains, > 1.01 when one chain sits elsewhere or has a different spread (tail R̂)', () => {
  expect(splitRhat(ar1(4, 2000, 0.5, 5))).toBeLessThan(1.01);
  // one chain shifted by 0.5 σ: 2 of 8 split-chain means at 0.5 → R̂ ≈ √(1 + 0.054) = 1.026 (the warning fires)
  const shifted = splitRhat(ar1(4, 2000, 0.5, 5, (c) => (c === 0 ? 0.5 : 0)));
  expect(shifted).toBeGreaterThan(1.01);
  expect(shifted).toBeLessThan(1.05);
  expect(splitRhat(ar1(4, 2000, 0.5, 5, (c) => (c === 0 ? 1 : 0)))).toBeGreaterThan(1.07);
  // same location, one chain 3× wider: the bulk R̂ alone misses it, the folded (tail) R̂ catches it
  expect(
    splitRhat(
      ar1(
        4,
        2000,
        0.5,
        5,
        () => 0,
        (c) => (c === 0 ? 3 : 1),
      ),
    ),
  ).toBeGreaterThan(1.05);
  // a drifting chain: split halves disagree
  const drift = ar1(4, 2000, 0.5, 7).map((x) => x.map((v, t) => v + (1.5 * t) / 2000));
  expect(splitRhat(drift)).toBeGreaterThan(1.05);
});
