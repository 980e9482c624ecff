// Milne–Eddington residual flux (Mihalas 1978, §17-3; Gray 2005, ch. 13, Eddington–Barbier form).
// The source function is linear in continuum optical depth, S(τ_c) = a + b τ_c, the same in line and
// continuum (LTE, no scattering). The flux emerges from total optical depth 2/3, so with a line-to-
// continuum opacity ratio η:  F/F_c = (a + (2/3) b / (1 + η)) / (a + (2/3) b) = r₀ + (1 − r₀)/(1 + η),
// r₀ = a/(a + (2/3)b) = S(0)/S(2/3) the residual flux of an infinitely opaque line. a and b follow the
// grey atmosphere T⁴(τ) = ¾ Teff⁴ (τ + ⅔): S(0) = B_λ(2^{-1/4} Teff), S(2/3) = B_λ(Teff).
// Blends add opacity (η = Σ η_lines), not depth, so F/F_c stays in (r₀, 1].

import { HC_OVER_K_ANGSTROM } from './physicalConstants';

const SURFACE_TEMPERATURE_RATIO = 2 ** -0.25;

/** r₀ = B_λ(2^{-1/4} T)/B_λ(T): residual flux of a saturated line core at wavelength λ [Å]. */
export function saturatedResidualFlux(lambda: number, T: number): number {
  const u = HC_OVER_K_ANGSTROM / (lambda * T);
  return Math.expm1(u) / Math.expm1(u / SURFACE_TEMPERATURE_RATIO);
}

/** F/F_c = r₀ + (1 − r₀)/(1 + η) for opacity ratio η ≥ 0. */
export function residualFlux(eta: number, r0: number): number {
  return r0 + (1 - r0) / (1 + eta);
}
