// fitSpectra's emulatorVariance option: the emulator's own error variance σ²_emu added to the data variance.
// The emulator whose error is known: the analytic test emulator fits spectra made by the same model plus an
// "emulator error" e ~ N(0, σ²_emu,j) drawn per spectrum and pixel (what the fitter sees is the same as an emulator
// whose prediction is off by −e), on top of the noise at S/N 100. Every expected value below is computed here, in
// float64 from the host model (finite-difference Jacobian at the truth), not by the fitter's code.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitSpectra, type FitResult } from '../src/index';
import { analyticFlux, createAnalyticEmulator, logGrid } from '../../crb/test/analyticEmulator';
import { rng } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FIT = ['Teff', 'logg', 'Fe', 'Mg'];
const STEP = [1, 1e-3, 1e-3, 1e-3]; // finite-difference steps of the labels (K, dex)
const SNR = 100;

/** Inverse of a small symmetric positive-definite matrix (Gauss–Jordan, float64). */
function inverse(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const p = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/** erf(x), Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

describe('fitSpectra({ emulatorVariance }): an emulator whose error is known', () => {
  const emu = createAnalyticEmulator({ lambdaMin: 4990, lambdaMax: 5050 });
  const wavelength = logGrid(5000, 5040, 2e-5);
  const M = wavelength.length;
  const r = rng(17);
  // σ_emu per pixel: 0.5–2.5 × the noise (σ_noise = 0.01), as in the demo where the emulator's error is as large as the noise
  const sigmaEmu = Float64Array.from({ length: M }, () => (0.5 + 2 * r.u()) / SNR);
  const emuVar = Float64Array.from(sigmaEmu, (s) => s * s);
  const N = 120;
  const truths = Array.from({ length: N }, () => [
    4500 + 1000 * r.u(),
    4.2 + 0.6 * r.u(),
    -1 + 1.5 * r.u(),
    -1 + 1.5 * r.u(),
    0,
  ]);
  const spectra = truths.map((labels) => {
    const clean = analyticFlux(emu.lines, labels, wavelength);
    const flux = Float64Array.from(clean, (f, j) => f + r.normal() / SNR + sigmaEmu[j]! * r.normal());
    return { wavelength, flux, ivar: new Float64Array(M).fill(SNR * SNR) };
  });
  const options = { fit: FIT, fixed: { Eu: 0 }, rv: { fit: false, value: 0 } };

  /**
   * Per spectrum, from the Jacobian J at the truth and W = diag(weights): the reported covariance A⁻¹ (A = JᵀWJ), the
   * true covariance of the fitted labels A⁻¹ JᵀW C W J A⁻¹ (C = diag(1/ivar + σ²_emu), the residuals' real variance),
   * and E[χ²] = tr(WC) − tr(A⁻¹ JᵀWCWJ).
   */
  function predicted(labels: number[], weights: (j: number) => number) {
    const J = FIT.map((_, l) => {
      const up = [...labels];
      const dn = [...labels];
      up[l]! += STEP[l]!;
      dn[l]! -= STEP[l]!;
      const fu = analyticFlux(emu.lines, up, wavelength);
      const fd = analyticFlux(emu.lines, dn, wavelength);
      return Float64Array.from(fu, (f, j) => (f - fd[j]!) / (2 * STEP[l]!));
    });
    const c = (j: number) => 1 / (SNR * SNR) + emuVar[j]!;
    const A = FIT.map((_, a) => FIT.map((_, b) => J[a]!.reduce((s, x, j) => s + x * J[b]![j]! * weights(j), 0)));
    const B = FIT.map((_, a) =>
      FIT.map((_, b) => J[a]!.reduce((s, x, j) => s + x * J[b]![j]! * weights(j) ** 2 * c(j), 0)),
    );
    const Ai = inverse(A);
    const mul = (x: number[][], y: number[][]) =>
      x.map((row) => y[0]!.map((_, j) => row.reduce((s, v, k) => s + v * y[k]![j]!, 0)));
    const sandwich = mul(mul(Ai, B), Ai);
    let trWC = 0;
    for (let j = 0; j < M; j++) trWC += weights(j) * c(j);
    const trAiB = FIT.reduce((s, _, a) => s + mul(Ai, B)[a]![a]!, 0);
    return {
      reported: FIT.map((_, l) => Math.sqrt(Ai[l]![l]!)),
      truth: FIT.map((_, l) => Math.sqrt(sandwich[l]![l]!)),
      chi2: trWC - trAiB,
    };
  }

  const summary = (res: FitResult[]) => {
    let within1 = 0;
    let within3 = 0;
    res.forEach((f, i) =>
      FIT.forEach((n, l) => {
        const z = Math.abs(f.labels[n]! - truths[i]![l]!) / f.uncertainties[n]!;
        within1 += z < 1 ? 1 : 0;
        within3 += z < 3 ? 1 : 0;
      }),
    );
    return {
      coverage1: within1 / (N * FIT.length),
      coverage3: within3 / (N * FIT.length),
      chi2red: res.reduce((s, f) => s + f.reducedChi2, 0) / N,
    };
  };

  it('χ²_red, σ and the coverage of |Δ|/σ change as predicted (with the term: χ²_red ≈ 1, 68 % within 1σ)', () => {
    const before = tf.memory().numTensors;
    const plain = fitSpectra(emu, spectra, options);
    const withTerm = fitSpectra(emu, spectra, { ...options, emulatorVariance: emuVar });
    // one array per spectrum gives the same fit
    const perSpectrum = fitSpectra(emu, spectra.slice(0, 3), {
      ...options,
      emulatorVariance: spectra.slice(0, 3).map(() => emuVar),
    });
    expect(tf.memory().numTensors).toBe(before);
    for (const f of [...plain, ...withTerm]) expect(f.flags, f.notes.join('; ')).not.toContain('error');
    perSpectrum.forEach((f, i) => expect(f.uncertainties.Teff).toBeCloseTo(withTerm[i]!.uncertainties.Teff!, 6));

    const noise = () => SNR * SNR;
    const combined = (j: number) => 1 / (1 / (SNR * SNR) + emuVar[j]!);
    const P = FIT.length;
    let chi2Plain = 0;
    let chi2With = 0;
    let coveragePlain = 0;
    let coverage3Plain = 0;
    const sigmaRatios: number[] = [];
    truths.forEach((labels, i) => {
      const p = predicted(labels, noise);
      const q = predicted(labels, combined);
      chi2Plain += p.chi2 / (M - P) / N;
      chi2With += q.chi2 / (M - P) / N;
      // σ of the fit with the term against (JᵀW'J)^−½ computed here with J at the fitted labels
      const atFit = predicted(
        labels.map((x, l) => (l < P ? withTerm[i]!.labels[FIT[l]!]! : x)),
        combined,
      );
      FIT.forEach((n, l) => {
        sigmaRatios.push(withTerm[i]!.uncertainties[n]! / atFit.reported[l]!);
        // with the term, the reported σ is the true scatter (the sandwich collapses to A⁻¹)
        expect(q.truth[l]! / q.reported[l]!).toBeCloseTo(1, 9);
        const k = p.reported[l]! / p.truth[l]!; // without the term: reported σ / true scatter (< 1)
        coveragePlain += erf(k / Math.SQRT2) / (N * P);
        coverage3Plain += erf((3 * k) / Math.SQRT2) / (N * P);
      });
    });
    const a = summary(plain);
    const b = summary(withTerm);
    console.log(
      `without the term: χ²_red ${a.chi2red.toFixed(3)} (predicted ${chi2Plain.toFixed(3)}), within 1σ ${a.coverage1.toFixed(3)} (predicted ${coveragePlain.toFixed(3)}), within 3σ ${a.coverage3.toFixed(3)} (predicted ${coverage3Plain.toFixed(3)}); ` +
        `with it: χ²_red ${b.chi2red.toFixed(3)} (predicted ${chi2With.toFixed(3)}), within 1σ ${b.coverage1.toFixed(3)}, within 3σ ${b.coverage3.toFixed(3)}; ` +
        `σ_fit / σ_expected ${Math.min(...sigmaRatios).toFixed(4)}–${Math.max(...sigmaRatios).toFixed(4)}`,
    );
    // the two predictions differ by far more than the tolerances below
    expect(chi2Plain).toBeGreaterThan(2);
    expect(coveragePlain).toBeLessThan(0.5);
    // χ²_red: the mean over 120 spectra of ≈ 400 pixels has a relative sd of ≈ 0.7 %
    expect(a.chi2red / chi2Plain).toBeGreaterThan(0.95);
    expect(a.chi2red / chi2Plain).toBeLessThan(1.05);
    expect(b.chi2red).toBeGreaterThan(0.95);
    expect(b.chi2red).toBeLessThan(1.05);
    expect(Math.abs(chi2With - 1)).toBeLessThan(0.02); // = (M − P)/(M − P) up to the Jacobian's curvature
    // σ with the term: (JᵀW'J)^−½, W' = 1/(1/ivar + σ²_emu) (float32 model and finite differences in the fitter)
    for (const q of sigmaRatios) {
      expect(q).toBeGreaterThan(0.99);
      expect(q).toBeLessThan(1.01);
    }
    // coverage of 480 label estimates: binomial sd ≈ 0.021 at 68 %, 0.004 at 99.7 %
    expect(Math.abs(a.coverage1 - coveragePlain)).toBeLessThan(0.07);
    expect(Math.abs(b.coverage1 - 0.6827)).toBeLessThan(0.07);
    expect(Math.abs(a.coverage3 - coverage3Plain)).toBeLessThan(0.04);
    expect(b.coverage3).toBeGreaterThan(0.98);
  });

  it('rejects a variance of the wrong length or a negative one, naming the option and the pixel', () => {
    const one = spectra.slice(0, 1);
    expect(() => fitSpectra(emu, one, { ...options, emulatorVariance: emuVar.subarray(1) })).toThrow(
      /options\.emulatorVariance has \d+ values; spectrum 0 has \d+ pixels/,
    );
    const bad = Float64Array.from(emuVar);
    bad[5] = -1e-4;
    expect(() => fitSpectra(emu, one, { ...options, emulatorVariance: [bad] })).toThrow(
      /options\.emulatorVariance\[0\]\[5\] = -0\.0001; expected a finite variance ≥ 0/,
    );
    expect(() => fitSpectra(emu, one, { ...options, emulatorVariance: [emuVar, emuVar] })).toThrow(
      /has 2 arrays; expected one per spectrum \(1\)/,
    );
  });
});
