import { cholesky, choleskySolve } from '@astroemu/crb';
import type { ObservedSpectrum } from '@astroemu/inference';
import { ArgumentError } from './errors';

/** Options of {@link chebyshevNormalize}. */
export interface ChebyshevNormalizeOptions {
  /** Chebyshev degree per segment (default 3). */
  degree?: number;
  /** Wavelength segments [a, b] (Å) normalised separately; default: the whole spectrum, split at gaps. */
  segments?: readonly (readonly [number, number])[];
  /** Pixels below the fit by more than this many σ (absorption lines) are left out of the next pass (default 2). */
  lowerSigma?: number;
  /** … and above it by more than this (cosmics, emission; default 3). */
  upperSigma?: number;
  /** Clipping passes at most (default 10; stops when the set of pixels stops changing). */
  passes?: number;
}

/** Chebyshev polynomials T_0…T_d at x ∈ [−1, 1]. */
function chebyshev(x: number, d: number, out: Float64Array): void {
  out[0] = 1;
  if (d >= 1) out[1] = x;
  for (let k = 2; k <= d; k++) out[k] = 2 * x * out[k - 1]! - out[k - 2]!;
}

/** Segments of a spectrum: the given ones, or its whole range split where a gap exceeds 50 median pixel steps. */
function segmentsOf(wavelength: ArrayLike<number>, given?: readonly (readonly [number, number])[]): [number, number][] {
  if (given) return given.map(([a, b]) => [a, b]);
  const n = wavelength.length;
  const steps = Array.from({ length: n - 1 }, (_, i) => wavelength[i + 1]! - wavelength[i]!).sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)] ?? 0;
  const out: [number, number][] = [];
  let start = wavelength[0]!;
  for (let i = 1; i < n; i++) {
    if (wavelength[i]! - wavelength[i - 1]! > 50 * median) {
      out.push([start, wavelength[i - 1]!]);
      start = wavelength[i]!;
    }
  }
  out.push([start, wavelength[n - 1]!]);
  return out;
}

/**
 * Pseudo-continuum normalisation of an observed spectrum: per segment, a weighted (ivar) least-squares Chebyshev
 * polynomial in x ∈ [−1, 1] across the segment, refitted with the pixels more than `lowerSigma` σ below it (lines)
 * or `upperSigma` σ above it left out, until that set stops changing; flux is divided by it and ivar multiplied by
 * its square. For emulators that predict continuum-normalised flux (every astroemu emulator trained on normalised
 * grids); pixels outside every segment keep their values and are masked.
 */
export function chebyshevNormalize(
  spectrum: ObservedSpectrum,
  options: ChebyshevNormalizeOptions = {},
): ObservedSpectrum & { continuum: Float64Array } {
  const d = options.degree ?? 3;
  const lower = options.lowerSigma ?? 2;
  const upper = options.upperSigma ?? 3;
  const passes = options.passes ?? 10;
  const { wavelength, flux, ivar } = spectrum;
  const n = wavelength.length;
  const out = {
    wavelength,
    flux: Float64Array.from(flux),
    ivar: Float64Array.from(ivar),
    mask: Uint8Array.from({ length: n }, (_, i) => (spectrum.mask ? (spectrum.mask[i] ? 1 : 0) : 0)),
    continuum: new Float64Array(n).fill(NaN),
  };
  const T = new Float64Array(d + 1);
  const good = (i: number) =>
    out.mask[i] === 0 && ivar[i]! > 0 && Number.isFinite(ivar[i]!) && Number.isFinite(flux[i]!);
  for (const [a, b] of segmentsOf(wavelength, options.segments)) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (wavelength[i]! >= a && wavelength[i]! <= b && good(i)) idx.push(i);
    if (idx.length <= d + 1) continue; // too few pixels: left unnormalised and masked below
    const x = idx.map((i) => (b > a ? (2 * (wavelength[i]! - a)) / (b - a) - 1 : 0));
    let use = idx.map(() => true);
    let coef: Float64Array = new Float64Array(d + 1);
    for (let pass = 0; pass < passes; pass++) {
      const M = new Float64Array((d + 1) * (d + 1));
      const r = new Float64Array(d + 1);
      idx.forEach((i, k) => {
        if (!use[k]) return;
        chebyshev(x[k]!, d, T);
        const w = ivar[i]!;
        for (let p = 0; p <= d; p++) {
          r[p] += w * T[p]! * flux[i]!;
          for (let q = 0; q <= d; q++) M[p * (d + 1) + q] += w * T[p]! * T[q]!;
        }
      });
      const L = cholesky(M, d + 1);
      if (!L) break;
      coef = choleskySolve(L, r, d + 1);
      let changed = false;
      const next = idx.map((i, k) => {
        chebyshev(x[k]!, d, T);
        let c = 0;
        for (let p = 0; p <= d; p++) c += coef[p]! * T[p]!;
        const z = (flux[i]! - c) * Math.sqrt(ivar[i]!);
        const keep = z > -lower && z < upper;
        if (keep !== use[k]) changed = true;
        return keep;
      });
      use = next;
      if (!changed) break;
    }
    for (let i = 0; i < n; i++) {
      if (!(wavelength[i]! >= a && wavelength[i]! <= b)) continue;
      const xi = b > a ? (2 * (wavelength[i]! - a)) / (b - a) - 1 : 0;
      chebyshev(xi, d, T);
      let c = 0;
      for (let p = 0; p <= d; p++) c += coef[p]! * T[p]!;
      out.continuum[i] = c;
    }
  }
  for (let i = 0; i < n; i++) {
    const c = out.continuum[i]!;
    if (!(c > 0)) {
      out.mask[i] = 1;
      continue;
    }
    out.flux[i] = flux[i]! / c;
    out.ivar[i] = ivar[i]! * c * c;
  }
  return out;
}

/**
 * `--normalize NAME`: the observed spectrum's continuum normalisation before the fit, or undefined for 'apogee': the
 * survey's normalisation is applied to data AND model with the observed σ inside the fit (FitOptions.apogeeContinuum).
 */
export function normalizer(
  name: string,
  options: ChebyshevNormalizeOptions,
): ((s: ObservedSpectrum) => ObservedSpectrum) | undefined {
  if (name === 'chebyshev') return (s) => chebyshevNormalize(s, options);
  if (name === 'apogee') return undefined;
  throw new ArgumentError('--normalize', `must be chebyshev or apogee; got '${name}'`);
}
