import { SynthArgumentError, describeValue } from './errors';

/** A log-uniform wavelength grid: λ_i = λmin · exp(i / R), i = 0 … N−1, N = floor(R ln(λmax/λmin)) + 1. */
export interface WavelengthGridOptions {
  /** Sampling resolving power λ/Δλ; default 100 000. */
  R?: number;
  /** Å; default 4000. */
  lambdaMin?: number;
  /** Å; default 5000. */
  lambdaMax?: number;
}

/** Log-uniform wavelength grid in Å (default R = 100 000 over 4000–5000 Å: 22 315 pixels). */
export function logUniformWavelength(opts: WavelengthGridOptions = {}): Float64Array {
  const R = opts.R ?? 100_000;
  const lo = opts.lambdaMin ?? 4000;
  const hi = opts.lambdaMax ?? 5000;
  if (!(Number.isFinite(R) && R > 0)) {
    throw new SynthArgumentError('R', 'logUniformWavelength', 'a positive finite number', describeValue(R));
  }
  if (!(Number.isFinite(lo) && lo > 0 && Number.isFinite(hi) && hi > lo)) {
    throw new SynthArgumentError(
      'lambdaMax',
      'logUniformWavelength',
      `a finite wavelength > lambdaMin (${lo} Å)`,
      describeValue(hi),
    );
  }
  const n = Math.floor(R * Math.log(hi / lo)) + 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo * Math.exp(i / R);
  return out;
}
