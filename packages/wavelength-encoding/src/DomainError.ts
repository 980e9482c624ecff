/**
 * A value outside the domain a function accepts, e.g.
 * "Argument 'wavelengthAngstrom' passed to 'log10Wavelength' must be finite and > 0; element 3 is -1".
 * The shared class of @astroemu/errors, so `instanceof` holds across packages.
 */
export { DomainError } from '@astroemu/errors';
