import { DomainError } from './DomainError';
import { encodingPeriods, type SinusoidalEncodingOptions } from './encodingPeriods';

const TWO_PI = 2 * Math.PI;

/**
 * Sinusoidal encoding of x = log10(λ/Å) as in TransformerPayne (Różański et al. 2024, Listing 4):
 * `enc[m, i] = sin(2π · x_m / P_i)` for the `dim` periods of {@link encodingPeriods} — all `dim` components are
 * sines (no cosines), one per period. Returns a row-major Float32Array of shape [M, dim].
 *
 * The phase is computed in float64 and reduced modulo 2π (t = x/P, t − round(t)) before the sine, so that the
 * shortest periods (P ≈ 1e-6, phases ≈ 2e7 rad) stay exact; only the final value is rounded to float32.
 * Pass float64 log-wavelengths (Float64Array or number[]): a Float32Array is rejected, as float32 x alone
 * already carries phase errors of order 1 rad at the shortest periods.
 */
export function sinusoidalEncoding(
  log10Wavelength: Float64Array | readonly number[],
  opts: SinusoidalEncodingOptions,
): Float32Array {
  if (log10Wavelength instanceof Float32Array) {
    throw new DomainError(
      "Argument 'log10Wavelength' passed to 'sinusoidalEncoding' must be float64 (Float64Array or number[]); got Float32Array, which cannot resolve the shortest periods",
    );
  }
  const periods = encodingPeriods(opts);
  const dim = periods.length;
  const m = log10Wavelength.length;
  const out = new Float32Array(m * dim);
  for (let r = 0; r < m; r++) {
    const x = log10Wavelength[r]!;
    if (!Number.isFinite(x)) {
      throw new DomainError(
        `Argument 'log10Wavelength' passed to 'sinusoidalEncoding' must be finite; element ${r} is ${x}`,
      );
    }
    const row = r * dim;
    for (let i = 0; i < dim; i++) {
      // x / P exactly as numpy's 2π/P·x up to rounding; divide (not multiply by 1/P) for the shortest periods.
      const t = x / periods[i]!;
      const turns = t - Math.round(t);
      out[row + i] = Math.sin(TWO_PI * turns);
    }
  }
  return out;
}
