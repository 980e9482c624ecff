// Solar chemical composition of Asplund, Grevesse, Sauval & Scott (2009, ARA&A 47, 481), Table 1:
// photospheric A(X) = log10(N_X/N_H) + 12 where measured, meteoritic (CI chondrites, same table)
// otherwise. Elements with neither (Tc, Pm, Po–Ac, Pa, Np–Es) get NaN: they have no lines here.

// prettier-ignore
const A09: ReadonlyArray<number> = [
  NaN,
  12.0,
  10.93,
  1.05,
  1.38,
  2.7,
  8.43,
  7.83,
  8.69,
  4.56,
  7.93, //  1–10
  6.24,
  7.6,
  6.45,
  7.51,
  5.41,
  7.12,
  5.5,
  6.4,
  5.03,
  6.34, // 11–20
  3.15,
  4.95,
  3.93,
  5.64,
  5.43,
  7.5,
  4.99,
  6.22,
  4.19,
  4.56, // 21–30
  3.04,
  3.65,
  2.3,
  3.34,
  2.54,
  3.25,
  2.52,
  2.87,
  2.21,
  2.58, // 31–40
  1.46,
  1.88,
  NaN,
  1.75,
  0.91,
  1.57,
  0.94,
  1.71,
  0.8,
  2.04, // 41–50
  1.01,
  2.18,
  1.55,
  2.24,
  1.08,
  2.18,
  1.1,
  1.58,
  0.72,
  1.42, // 51–60
  NaN,
  0.96,
  0.52,
  1.07,
  0.3,
  1.1,
  0.48,
  0.92,
  0.1,
  0.84, // 61–70
  0.1,
  0.85,
  -0.12,
  0.85,
  0.26,
  1.4,
  1.38,
  1.62,
  0.92,
  1.17, // 71–80
  0.9,
  1.75,
  0.65,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  0.02, // 81–90
  NaN,
  -0.54,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN, // 91–99
];

/** A(X) = log10(N_X/N_H) + 12 of Asplund et al. (2009) by atomic number; NaN where not given. */
export const SOLAR_ABUNDANCES: Float64Array = Float64Array.from(A09);

/** Solar helium number fraction N_He/(N_H + N_He) from A(He) = 10.93 (≈ 0.0784). */
export const SOLAR_HELIUM_FRACTION = 10 ** (10.93 - 12) / (1 + 10 ** (10.93 - 12));
