// Continuous opacity of the negative hydrogen ion, H⁻ bound–free + free–free, per neutral H atom
// (Gray 2005, "The Observation and Analysis of Stellar Photospheres", 3rd ed., eqs. 8.11–8.13;
// bound–free cross-section fit of Wishart 1979, free–free of Bell & Berrington 1987).
// Both terms are proportional to the electron pressure Pe, so this returns κ/Pe.

const BF = [1.99654, -1.18267e-5, 2.64243e-6, -4.40524e-10, 3.23992e-14, -1.39568e-18, 2.78701e-23];

/** H⁻ bound–free cross-section α_bf(λ) in cm² (Gray eq. 8.11; valid ≈ 2250–15 000 Å). */
export function hminusBoundFreeCrossSection(lambda: number): number {
  let s = 0;
  for (let k = BF.length - 1; k >= 0; k--) s = s * lambda + (BF[k] as number);
  return s * 1e-18;
}

/**
 * κ(H⁻)/Pe in cm² per neutral H atom per (dyn cm⁻²), at wavelength λ [Å] and temperature T [K]:
 * bf = 4.158e-10 α_bf θ^{5/2} 10^{0.754 θ};  ff = 1e-26 10^{f0 + f1 log θ + f2 log² θ};  θ = 5040/T.
 */
export function hminusOpacityPerPe(lambda: number, T: number): number {
  const theta = 5040 / T;
  const bf = 4.158e-10 * hminusBoundFreeCrossSection(lambda) * theta ** 2.5 * 10 ** (0.754 * theta);
  const L = Math.log10(lambda);
  const L2 = L * L;
  const L3 = L2 * L;
  const f0 = -2.2763 - 1.685 * L + 0.76661 * L2 - 0.053346 * L3;
  const f1 = 15.2827 - 9.2846 * L + 1.99381 * L2 - 0.142631 * L3;
  const f2 = -197.789 + 190.266 * L - 67.9775 * L2 + 10.6913 * L3 - 0.625151 * L2 * L2;
  const lt = Math.log10(theta);
  const ff = 1e-26 * 10 ** (f0 + f1 * lt + f2 * lt * lt);
  return bf + ff;
}
