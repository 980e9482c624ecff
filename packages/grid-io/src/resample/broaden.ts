import { convolveKernel } from './convolveKernel';
import { SPEED_OF_LIGHT_KMS } from './dopplerShift';
import { DomainError } from './errors';
import { checkSameLength, checkWavelength, type NumericArray } from './validate';

const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.log(2)));

/**
 * Gaussian line-spread broadening at resolving power R = λ / FWHM (a number, or a function of λ).
 * σ(λ_i) = λ_i / (R(λ_i) · 2√(2 ln 2)), kernel truncated at ±4σ (see convolveKernel for the sum).
 * On a log-λ grid with constant R this is a constant-width Gaussian in pixels. R = ∞ is the identity.
 */
export function broadenGaussian(
  wavelength: NumericArray,
  flux: NumericArray,
  resolvingPower: number | ((wavelength: number) => number),
): Float64Array {
  const fn = 'broadenGaussian';
  checkWavelength(fn, 'wavelength', wavelength);
  checkSameLength(fn, 'flux', flux, 'wavelength', wavelength);
  const R = typeof resolvingPower === 'number' ? () => resolvingPower : resolvingPower;
  const sigma = new Float64Array(wavelength.length);
  for (let i = 0; i < wavelength.length; i++) {
    const r = R(wavelength[i]!);
    if (!(r > 0))
      throw new DomainError(
        `Argument 'resolvingPower' passed to '${fn}' must be > 0; got ${r} at pixel ${i} (${wavelength[i]} Å)`,
      );
    sigma[i] = (wavelength[i]! / r) * FWHM_TO_SIGMA;
  }
  if (sigma.every((s) => s === 0)) return Float64Array.from(flux);
  return convolveKernel(
    wavelength,
    flux,
    (i) => 4 * sigma[i]!,
    (d, i) => (sigma[i] === 0 ? (d === 0 ? 1 : 0) : Math.exp((-0.5 * d * d) / (sigma[i]! * sigma[i]!))),
  );
}

/**
 * Rotational broadening (Gray, "The Observation and Analysis of Stellar Photospheres", eq. 18.14):
 * G(Δλ) ∝ 2(1−ε)√(1−x²) + (πε/2)(1−x²), x = Δλ/Δλ_L, Δλ_L = λ v sin i / c, for |x| ≤ 1,
 * with linear limb-darkening coefficient ε ∈ [0, 1]. v sin i = 0 is the identity.
 */
export function broadenRotational(
  wavelength: NumericArray,
  flux: NumericArray,
  vsiniKms: number,
  limbDarkening = 0.6,
): Float64Array {
  const fn = 'broadenRotational';
  checkWavelength(fn, 'wavelength', wavelength);
  checkSameLength(fn, 'flux', flux, 'wavelength', wavelength);
  if (!(vsiniKms >= 0) || !Number.isFinite(vsiniKms))
    throw new DomainError(`Argument 'vsiniKms' passed to '${fn}' must be finite and ≥ 0; got ${vsiniKms}`);
  if (!(limbDarkening >= 0 && limbDarkening <= 1)) {
    throw new DomainError(`Argument 'limbDarkening' passed to '${fn}' must be in [0, 1]; got ${limbDarkening}`);
  }
  if (vsiniKms === 0) return Float64Array.from(flux);
  const eps = limbDarkening;
  const c1 = 2 * (1 - eps);
  const c2 = (Math.PI * eps) / 2;
  const dl = (i: number) => (wavelength[i]! * vsiniKms) / SPEED_OF_LIGHT_KMS;
  return convolveKernel(wavelength, flux, dl, (d, i) => {
    const x = d / dl(i);
    const u = 1 - x * x;
    return u <= 0 ? (d === 0 ? 1 : 0) : c1 * Math.sqrt(u) + c2 * u;
  });
}
