import { DomainError, type Emulator } from '@astroemu/emulator-core';
import {
  applyApogeeContinuum,
  apogeeContinuumOperator,
  dopplerFactor,
  type ApogeeContinuumOperator,
} from '@astroemu/grid-io';
import type { FitOptions, ObservedSpectrum } from './fitTypes';

/** Spectra checked, masked and padded to one batch; produced by prepareSpectra. */
export interface PreparedBatch {
  /** Original indices of the spectra that can be fitted (S of them). */
  index: number[];
  /** Error message per original index of spectra that cannot be fitted. */
  errors: Map<number, string>;
  /** Rest-frame model grid (the emulator's fixed grid, or one built for wavelength-conditioned emulators). */
  restWavelength: Float64Array;
  /** Whether predict needs restWavelength passed. */
  passWavelength: boolean;
  /** Padded pixels per spectrum. */
  K: number;
  /** [S, K] ln(λ_obs / restWavelength[0]). */
  q: Float64Array;
  /** [S, K] observed flux and weights (ivar, 0 for unused or padded pixels). */
  y: Float32Array;
  w: Float32Array;
  /** [S, K, C] continuum basis (C = segments × (degree + 1); 0 when no continuum). */
  basis: Float32Array;
  C: number;
  segments: number;
  degree: number;
  /** [S] usable pixels. */
  used: Int32Array;
  /**
   * [S] pixels that were good (unmasked, finite, ivar > 0, inside the continuum segments) but lie outside the
   * emulator's window at some velocity of the fit (the RV search range, or the fixed RVs): left out of the fit.
   */
  lost: Int32Array;
  /** Observed wavelengths [lo, hi] (Å) the emulator covers at every velocity of the fit. */
  window: [number, number];
  /** Per spectrum: the observed-pixel velocity step (km/s), median. */
  pixelVelocity: Float64Array;
  /**
   * With options.apogeeContinuum, per spectrum: the APOGEE continuum operator built from its observed σ on the pixels
   * the fit uses (σ = ∞ elsewhere), applied to data and model alike, and the data's continuum under it (y and w above
   * are already flux / continuum and ivar · continuum²).
   */
  apogee?: ApogeeContinuumOperator[];
  dataContinuum?: Float64Array[];
}

const C_KMS = 299792.458;

/** Checks each spectrum; unusable ones get an error message, the others are padded into one batch. */
export function prepareSpectra(
  emulator: Emulator,
  spectra: readonly ObservedSpectrum[],
  options: FitOptions,
  vmin: number,
  vmax: number,
  nParams: number,
): PreparedBatch {
  const errors = new Map<number, string>();
  const domain = emulator.wavelength;
  const fixed = domain.fixed;
  const lo = (fixed ? fixed[0] : domain.min) * dopplerFactor(vmax);
  const hi = (fixed ? fixed[fixed.length - 1] : domain.max) * dopplerFactor(vmin);
  const degree = options.continuum && options.continuum.degree >= 0 ? Math.floor(options.continuum.degree) : -1;
  const segs = options.continuum?.segments;
  const nSeg = degree < 0 ? 0 : (segs?.length ?? 1);
  const C = nSeg * (degree + 1);
  const apogee = options.apogeeContinuum;
  const ops: ApogeeContinuumOperator[] = [];
  const conts: Float64Array[] = [];
  const good: Uint8Array[] = [];
  const lostOf: number[] = [];
  const index: number[] = [];
  spectra.forEach((s, i) => {
    const who = `fitSpectra: spectrum ${i}`;
    const n = s.wavelength?.length ?? 0;
    if (n === 0) return void errors.set(i, `${who} has no pixels`);
    if (s.flux.length !== n || s.ivar.length !== n || (s.mask && s.mask.length !== n)) {
      return void errors.set(
        i,
        `${who}: flux, ivar and mask must have the ${n} values of wavelength; got ${s.flux.length}, ${s.ivar.length}, ${s.mask?.length ?? 'no mask'}`,
      );
    }
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(s.wavelength[j]) || (j > 0 && !(s.wavelength[j] > s.wavelength[j - 1]))) {
        return void errors.set(
          i,
          `${who}: wavelength must be finite and increasing; pixel ${j} (${s.wavelength[j]} Å) ≤ pixel ${j - 1}`,
        );
      }
    }
    const g = new Uint8Array(n);
    let count = 0;
    let outside = 0;
    for (let j = 0; j < n; j++) {
      const lam = s.wavelength[j];
      const inSeg = !segs || segs.some(([a, b]) => lam >= a && lam <= b);
      const good =
        (s.mask ? s.mask[j] : 0) === 0 &&
        s.ivar[j] > 0 &&
        Number.isFinite(s.ivar[j]) &&
        Number.isFinite(s.flux[j]) &&
        inSeg;
      const ok = good && lam >= lo && lam <= hi;
      if (good && !ok) outside++;
      g[j] = ok ? 1 : 0;
      count += g[j];
    }
    lostOf[i] = outside;
    if (count <= nParams) {
      return void errors.set(
        i,
        `${who} has ${count} usable pixels (need > ${nParams}): pixels must be unmasked, finite, ivar > 0 and within ${lo.toFixed(2)}–${hi.toFixed(2)} Å (the emulator's ${domain.min}–${domain.max} Å over the RV range ${vmin}…${vmax} km/s); spectrum covers ${s.wavelength[0]}–${s.wavelength[n - 1]} Å`,
      );
    }
    if (apogee) {
      // the survey's normalisation of the data, with the operator that the model will share: σ of the pixels fitted
      const cp = apogee.continuumPixels.length;
      if (cp !== n)
        return void errors.set(
          i,
          `${who} has ${n} pixels; options.apogeeContinuum.continuumPixels has ${cp} (one per pixel of the APOGEE grid the spectrum must be on)`,
        );
      let op: ApogeeContinuumOperator;
      try {
        op = apogeeContinuumOperator(
          Float64Array.from(g, (ok, j) => (ok ? 1 / Math.sqrt(s.ivar[j]) : Infinity)),
          apogee,
        );
      } catch (e) {
        return void errors.set(i, `${who}: ${(e as Error).message}`);
      }
      const c = applyApogeeContinuum(op, s.flux);
      for (let j = 0; j < n; j++) {
        if (g[j] && !(c[j] > 0))
          return void errors.set(
            i,
            `${who}: its APOGEE continuum is ${c[j]} at pixel ${j} (${s.wavelength[j]} Å); it must be > 0 at every pixel fitted (chips cover them?)`,
          );
      }
      ops[i] = op;
      conts[i] = c;
    }
    good[i] = g;
    index.push(i);
  });
  // Rest-frame grid
  let restWavelength: Float64Array;
  if (fixed) restWavelength = fixed;
  else {
    let a = Infinity;
    let b = -Infinity;
    let du = Infinity;
    for (const i of index) {
      const w = spectra[i].wavelength;
      a = Math.min(a, w[0] / dopplerFactor(vmax));
      b = Math.max(b, w[w.length - 1] / dopplerFactor(vmin));
      du = Math.min(du, w.length > 1 ? medianLogStep(w) : Infinity);
    }
    a = Math.max(a, domain.min);
    b = Math.min(b, domain.max);
    du /= options.oversample ?? 4;
    const n = index.length ? Math.ceil(Math.log(b / a) / du) + 1 : 2;
    // Log-uniform from a to exactly b (never past the emulator's domain, not even by rounding).
    const step = Math.log(b / a) / (n - 1);
    restWavelength = Float64Array.from({ length: n }, (_, j) =>
      !index.length ? domain.min + j : j === n - 1 ? b : a * Math.exp(j * step),
    );
  }
  const S = index.length;
  const K = Math.max(1, ...index.map((i) => spectra[i].wavelength.length));
  const q = new Float64Array(S * K);
  const y = new Float32Array(S * K);
  const w = new Float32Array(S * K);
  const basis = new Float32Array(S * K * C);
  const used = new Int32Array(S);
  const pixelVelocity = new Float64Array(S);
  const ref = restWavelength[0];
  const emuVar = emulatorVariances(spectra, options.emulatorVariance);
  index.forEach((i, s) => {
    const sp = spectra[i];
    const ev = emuVar?.(i);
    const n = sp.wavelength.length;
    const wl = sp.wavelength;
    const ranges = segs ?? [[wl[0], wl[n - 1]] as [number, number]];
    pixelVelocity[s] = n > 1 ? C_KMS * medianLogStep(wl) : 1;
    for (let j = 0; j < K; j++) {
      const o = s * K + j;
      if (j >= n) {
        q[o] = q[o - 1];
        continue;
      }
      q[o] = Math.log(wl[j] / ref);
      if (!good[i][j]) {
        y[o] = 1;
        continue;
      }
      const c = apogee ? conts[i][j] : 1;
      y[o] = sp.flux[j] / c;
      // normalised data's ivar is ivar·c²; the emulator's variance (in the model's normalised units) adds to 1/ivar
      w[o] = ev ? 1 / (1 / (sp.ivar[j] * c * c) + ev[j]) : sp.ivar[j] * c * c;
      used[s]++;
      if (C > 0) {
        const k = ranges.findIndex(([a, b]) => wl[j] >= a && wl[j] <= b);
        const [a, b] = ranges[k];
        const x = b > a ? (2 * (wl[j] - a)) / (b - a) - 1 : 0;
        for (let d = 0; d <= degree; d++) basis[o * C + k * (degree + 1) + d] = x ** d;
      }
    }
  });
  const lost = Int32Array.from(index, (i) => lostOf[i]);
  return {
    index,
    errors,
    restWavelength,
    passWavelength: !fixed,
    K,
    q,
    y,
    w,
    basis,
    C,
    segments: nSeg,
    degree,
    used,
    lost,
    window: [lo, hi],
    pixelVelocity,
    ...(apogee ? { apogee: index.map((i) => ops[i]), dataContinuum: index.map((i) => conts[i]) } : {}),
  };
}

/**
 * options.emulatorVariance checked against the spectra (one array for all or one per spectrum; as many values as the
 * spectrum's pixels; finite and ≥ 0): the variance array of spectrum i, or undefined when the option is absent.
 */
function emulatorVariances(
  spectra: readonly ObservedSpectrum[],
  given: FitOptions['emulatorVariance'],
): ((i: number) => ArrayLike<number>) | undefined {
  if (given === undefined) return undefined;
  const who = 'fitSpectra: options.emulatorVariance';
  const perSpectrum = given.length > 0 && typeof given[0] !== 'number';
  const arrays = perSpectrum ? (given as readonly ArrayLike<number>[]) : undefined;
  if (arrays && arrays.length !== spectra.length)
    throw new DomainError(`${who} has ${arrays.length} arrays; expected one per spectrum (${spectra.length})`);
  const of = (i: number) => arrays?.[i] ?? (given as ArrayLike<number>);
  spectra.forEach((sp, i) => {
    const v = of(i);
    const n = sp.wavelength?.length ?? 0;
    const where = arrays ? `${who}[${i}]` : who;
    if (v.length !== n)
      throw new DomainError(`${where} has ${v.length} values; spectrum ${i} has ${n} pixels (one variance per pixel)`);
    for (let j = 0; j < n; j++)
      if (!(Number.isFinite(v[j]) && v[j] >= 0))
        throw new DomainError(`${where}[${j}] = ${v[j]}; expected a finite variance ≥ 0 (flux² units)`);
  });
  return of;
}

/**
 * The median of ln(λ[j + 1] / λ[j]) (the upper one of the middle two) over at most 257 evenly spaced steps, λ with at
 * least 2 pixels: exact for grids that are uniform in ln λ apart from a few gaps (APOGEE's chips), and only sets the
 * cross-correlation's velocity step and an oversampled rest grid's spacing.
 */
function medianLogStep(wavelength: ArrayLike<number>): number {
  const n = wavelength.length - 1;
  const stride = Math.max(1, Math.ceil(n / 257));
  const steps = new Float64Array(Math.ceil(n / stride));
  for (let i = 0; i < steps.length; i++) steps[i] = Math.log(wavelength[i * stride + 1] / wavelength[i * stride]);
  return steps.sort()[Math.floor(steps.length / 2)];
}
