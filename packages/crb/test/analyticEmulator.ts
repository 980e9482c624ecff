// Test-only emulator implementing the Emulator contract with a closed-form model, written in tf ops
// so autodiff works: flux = exp(−Σ_k τ_k(labels) · φ_k(λ)), Gaussian line profiles φ_k of fixed width,
// τ_k = τ0_k · 10^(0.5·[X/H] − E_k·(5040/Teff − 1.008) + 0.3·ion_k·(logg − 4.5)).
// Labels: Teff, logg, Fe, Mg, Eu — Eu has no lines (zero derivative).
import * as tf from '@tensorflow/tfjs';
import type { Emulator, EmulatorConfig, LabelSpec } from '@astroemu/emulator-core';

export const ANALYTIC_LABELS: LabelSpec[] = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', unit: 'dex', min: 4, max: 5 },
  { name: 'Fe', unit: 'dex', min: -2, max: 1 },
  { name: 'Mg', unit: 'dex', min: -2, max: 1 },
  { name: 'Eu', unit: 'dex', min: -2, max: 1 },
];

export interface AnalyticOptions {
  lambdaMin?: number;
  lambdaMax?: number;
  /** ln-λ step of the fixed grid (default 2.5e-6). */
  du?: number;
  /** Lines per Å (default 0.6). */
  density?: number;
  /** false: no fixed grid, predict needs a wavelength (like TransformerPayne). */
  fixed?: boolean;
  seed?: number;
}

export interface Line {
  lambda: number;
  element: 2 | 3;
  tau0: number;
  exc: number;
  ion: number;
  sigma: number;
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export function analyticLines(o: AnalyticOptions = {}): Line[] {
  const lo = o.lambdaMin ?? 4990;
  const hi = o.lambdaMax ?? 5050;
  const rnd = lcg(o.seed ?? 1);
  const n = Math.round((hi - lo) * (o.density ?? 0.6));
  return Array.from({ length: n }, () => ({
    lambda: lo + 1 + (hi - lo - 2) * rnd(),
    element: (rnd() < 0.65 ? 2 : 3) as 2 | 3,
    tau0: 10 ** (rnd() - 0.5),
    exc: 4 * rnd(),
    ion: rnd() < 0.3 ? 1 : 0,
    sigma: 0.12 + 0.06 * rnd(),
  }));
}

export function logGrid(lo: number, hi: number, du: number): Float64Array {
  const n = Math.floor(Math.log(hi / lo) / du) + 1;
  return Float64Array.from({ length: n }, (_, i) => lo * Math.exp(i * du));
}

/** Float64 reference of the same model (host), for independent checks. */
export function analyticFlux(lines: Line[], labels: ArrayLike<number>, wavelength: ArrayLike<number>): Float64Array {
  const [T, g, fe, mg] = [labels[0], labels[1], labels[2], labels[3]];
  const out = new Float64Array(wavelength.length);
  const taus = lines.map(
    (l) => l.tau0 * 10 ** (0.5 * (l.element === 2 ? fe : mg) - l.exc * (5040 / T - 1.008) + 0.3 * l.ion * (g - 4.5)),
  );
  for (let m = 0; m < wavelength.length; m++) {
    let s = 0;
    lines.forEach((l, k) => {
      const d = wavelength[m] - l.lambda;
      s += taus[k] * Math.exp((-d * d) / (2 * l.sigma * l.sigma));
    });
    out[m] = Math.exp(-s);
  }
  return out;
}

export function createAnalyticEmulator(o: AnalyticOptions = {}): Emulator & { lines: Line[] } {
  const lo = o.lambdaMin ?? 4990;
  const hi = o.lambdaMax ?? 5050;
  const lines = analyticLines(o);
  const K = lines.length;
  const grid = o.fixed === false ? undefined : logGrid(lo, hi, o.du ?? 2.5e-6);
  // label → log10 τ coefficients: [L, K] selection of the element, plus per-line constants
  const sel = new Float32Array(5 * K);
  lines.forEach((l, k) => {
    sel[l.element * K + k] = 0.5;
    sel[1 * K + k] = 0.3 * l.ion;
  });
  const selT = tf.keep(tf.tensor2d(sel, [5, K]));
  const exc = tf.keep(
    tf.tensor2d(
      lines.map((l) => l.exc),
      [1, K],
    ),
  );
  const c0 = tf.keep(
    tf.tensor2d(
      lines.map((l) => Math.log10(l.tau0) - 0.3 * l.ion * 4.5 + l.exc * 1.008),
      [1, K],
    ),
  );
  const profiles = (w: ArrayLike<number>) => {
    const phi = new Float32Array(K * w.length);
    lines.forEach((l, k) => {
      for (let m = 0; m < w.length; m++) {
        const d = w[m] - l.lambda;
        phi[k * w.length + m] = Math.exp((-d * d) / (2 * l.sigma * l.sigma));
      }
    });
    return tf.tensor2d(phi, [K, w.length]);
  };
  const phiFixed = grid ? tf.keep(profiles(grid)) : undefined;
  return {
    kind: 'analytic-test',
    labels: ANALYTIC_LABELS,
    wavelength: grid ? { min: grid[0], max: grid[grid.length - 1], fixed: grid } : { min: lo, max: hi },
    lines,
    predict(labels: tf.Tensor2D, wavelength?: tf.Tensor1D | Float64Array): tf.Tensor2D {
      return tf.tidy(() => {
        let phi = phiFixed;
        if (!phi) {
          if (wavelength === undefined) throw new Error('analytic predict: wavelength required');
          phi = profiles(wavelength instanceof Float64Array ? wavelength : (wavelength.dataSync() as Float32Array));
        }
        const theta = tf.div(5040, labels.slice([0, 0], [-1, 1]));
        const logTau = tf.matMul(labels, selT).add(c0).sub(theta.mul(exc));
        const tau = tf.exp(logTau.mul(Math.LN10));
        return tf.exp(tf.neg(tf.matMul(tau, phi))) as tf.Tensor2D;
      });
    },
    trainableVariables: () => [],
    parameterCount: () => 0,
    config: () => ({ kind: 'analytic-test' }) as unknown as EmulatorConfig,
    weights: () => new Map(),
    dispose() {
      for (const t of [selT, exc, c0, phiFixed]) t?.dispose();
    },
  };
}
