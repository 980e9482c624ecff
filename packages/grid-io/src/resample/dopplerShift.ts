import { interpolateLinear } from './interpolateLinear';
import { checkFinite, checkSameLength, checkWavelength, type NumericArray } from './validate';
import { DomainError } from './errors';

/** Speed of light in km/s. */
export const SPEED_OF_LIGHT_KMS = 299792.458;

/**
 * Relativistic Doppler factor λ_observed / λ_rest = sqrt((1 + v/c) / (1 − v/c)).
 * Convention: positive v (km/s) = recession = redshift.
 */
export function dopplerFactor(velocityKms: number): number {
  checkFinite('dopplerFactor', 'velocityKms', velocityKms);
  const b = velocityKms / SPEED_OF_LIGHT_KMS;
  if (!(Math.abs(b) < 1))
    throw new DomainError(
      `Argument 'velocityKms' passed to 'dopplerFactor' must be below c in magnitude; got ${velocityKms}`,
    );
  return Math.sqrt((1 + b) / (1 - b));
}

/**
 * Shifts a spectrum by radial velocity v and resamples it on its own grid, as The Payne does:
 * f_obs(λ) = f_rest(λ · sqrt((1 − v/c)/(1 + v/c))) by linear interpolation (edge values outside).
 */
export function dopplerShift(wavelength: NumericArray, flux: NumericArray, velocityKms: number): Float64Array {
  const fn = 'dopplerShift';
  checkWavelength(fn, 'wavelength', wavelength);
  checkSameLength(fn, 'flux', flux, 'wavelength', wavelength);
  const f = 1 / dopplerFactor(velocityKms);
  const restWavelength = Float64Array.from(wavelength, (x) => x * f);
  if (velocityKms === 0) return Float64Array.from(flux);
  return interpolateLinear(restWavelength, wavelength, flux);
}
