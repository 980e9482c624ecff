import { DomainError } from './DomainError';

/** x = log10(λ / Å) in float64, the input of {@link sinusoidalEncoding}. Every λ must be finite and > 0. */
export function log10Wavelength(wavelengthAngstrom: Float64Array | readonly number[]): Float64Array {
  const out = new Float64Array(wavelengthAngstrom.length);
  for (let i = 0; i < out.length; i++) {
    const w = wavelengthAngstrom[i]!;
    if (!Number.isFinite(w) || w <= 0) {
      throw new DomainError(
        `Argument 'wavelengthAngstrom' passed to 'log10Wavelength' must be finite and > 0 (Angstrom); element ${i} is ${w}`,
      );
    }
    out[i] = Math.log10(w);
  }
  return out;
}
