// Hydrogen Balmer lines: n = 2 population by Boltzmann (χ = 10.2 eV), linear-Stark (Holtsmark) wings.
// In the Holtsmark far wing the absorption per atom ∝ f · K^{3/2} F₀^{3/2} Δλ^{−5/2} with the normal
// field F₀ ∝ n_e^{2/3} (Gray 2005, eq. 11.50; Stark constants K ∝ n_u² − n_l²). With the H⁻ continuum
// ∝ Pe the electron density cancels: η(Δλ) = Q/(w² + Δλ²)^{5/4},
//   Q = Q_β⊙ · (gf/gf_β) (K/K_β)^{3/2} (λ/λ_β)² · 10^{−10.2(θ−θ⊙)} · (T⊙/T) · κ'(λ_β, T⊙)/κ'(λ, T),
// calibrated so that solar Hβ has η = 0.6 at Δλ = 2 Å (Q_β⊙ = 3.39 Å^{5/2}). The core width w combines
// the thermal Doppler width of H and a Stark width ∝ n_e^{2/3}.

import { hminusOpacityPerPe } from './continuousOpacity';
import { C_LIGHT, K_BOLTZMANN, ATOMIC_MASS_UNIT } from './physicalConstants';

export interface BalmerLine {
  readonly name: string;
  readonly lambda: number;
  readonly loggf: number;
  readonly nUpper: number;
}

/** Balmer lines (air wavelengths, log gf from Wiese & Fuhr 2009). */
export const BALMER_LINES: readonly BalmerLine[] = [
  { name: 'Hα', lambda: 6562.797, loggf: 0.71, nUpper: 3 },
  { name: 'Hβ', lambda: 4861.323, loggf: -0.02, nUpper: 4 },
  { name: 'Hγ', lambda: 4340.462, loggf: -0.447, nUpper: 5 },
  { name: 'Hδ', lambda: 4101.734, loggf: -0.753, nUpper: 6 },
  { name: 'Hε', lambda: 3970.072, loggf: -0.993, nUpper: 7 },
  { name: 'H8', lambda: 3889.049, loggf: -1.192, nUpper: 8 },
];

const T_SUN = 5772;
const Q_BETA_SUN = 3.39;
const LAMBDA_BETA = 4861.323;
const GF_BETA = 10 ** -0.02;
const K_BETA = 12;
const KAPPA_BETA_SUN = hminusOpacityPerPe(LAMBDA_BETA, T_SUN);

/** Wing coefficient Q [Å^{5/2}] of a Balmer line at temperature T. */
export function balmerWingCoefficient(line: BalmerLine, T: number): number {
  const K = line.nUpper * line.nUpper - 4;
  const r = line.lambda / LAMBDA_BETA;
  return (
    Q_BETA_SUN *
    (10 ** line.loggf / GF_BETA) *
    (K / K_BETA) ** 1.5 *
    r *
    r *
    10 ** (-10.2 * (5040 / T - 5040 / T_SUN)) *
    (T_SUN / T) *
    (KAPPA_BETA_SUN / hminusOpacityPerPe(line.lambda, T))
  );
}

/** Core half-width w [Å]: thermal Doppler width of H combined with a Stark width ∝ n_e^{2/3}. */
export function balmerCoreWidth(line: BalmerLine, T: number, Pe: number): number {
  const doppler = (line.lambda * Math.sqrt((2 * K_BOLTZMANN * T) / (1.008 * ATOMIC_MASS_UNIT))) / C_LIGHT;
  const ne = Pe / (K_BOLTZMANN * T);
  const stark = 0.05 * ((line.nUpper * line.nUpper - 4) / K_BETA) * (ne / 1e14) ** (2 / 3);
  return Math.sqrt(doppler * doppler + stark * stark);
}
