// CGS physical constants (CODATA 2018) used by the spectrum model.
export const C_LIGHT = 2.99792458e10; // cm s⁻¹
export const K_BOLTZMANN = 1.380649e-16; // erg K⁻¹
export const ATOMIC_MASS_UNIT = 1.6605390666e-24; // g
/** π e² / (m_e c) in cm² s⁻¹: the classical integrated line cross-section per unit gf. */
export const PI_E2_OVER_MC = 0.02654;
/** h c / k in Å K (second radiation constant). */
export const HC_OVER_K_ANGSTROM = 1.438776877e8;
/** θ = THETA_SCALE / T, with χ in eV: 10^(−θχ) is the Boltzmann factor (5040 = log10(e)·e/k). */
export const THETA_SCALE = 5039.775;
