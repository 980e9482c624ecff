// Which elements have lines in the optical (≈ 3500–7000 Å) and how many, relative to iron; the rest
// of Z = 3 … 99 have none, so the spectrum does not depend on their abundance at all.
// `ionFraction`: share of the element's lines from the singly ionised stage. `family` selects the
// distribution of excitation potentials and oscillator strengths in generateLineList.

export type LineFamily = 'ironPeak' | 'light' | 'heavy' | 'carbon';

export interface ElementRichness {
  readonly Z: number;
  /** Lines per 10 000 atomic lines over 4000–5000 Å (scaled with the requested total and range). */
  readonly lines: number;
  readonly ionFraction: number;
  readonly family: LineFamily;
}

// prettier-ignore
export const LINE_RICHNESS: readonly ElementRichness[] = [
  { Z: 26, lines: 5000, ionFraction: 0.12, family: 'ironPeak' }, // Fe
  { Z: 24, lines: 750, ionFraction: 0.2, family: 'ironPeak' }, // Cr
  { Z: 22, lines: 850, ionFraction: 0.35, family: 'ironPeak' }, // Ti
  { Z: 28, lines: 600, ionFraction: 0.08, family: 'ironPeak' }, // Ni
  { Z: 23, lines: 500, ionFraction: 0.2, family: 'ironPeak' }, // V
  { Z: 27, lines: 450, ionFraction: 0.1, family: 'ironPeak' }, // Co
  { Z: 25, lines: 300, ionFraction: 0.1, family: 'ironPeak' }, // Mn
  { Z: 21, lines: 200, ionFraction: 0.6, family: 'ironPeak' }, // Sc
  { Z: 20, lines: 220, ionFraction: 0.05, family: 'ironPeak' }, // Ca
  { Z: 12, lines: 40, ionFraction: 0.1, family: 'light' }, // Mg
  { Z: 14, lines: 50, ionFraction: 0.2, family: 'light' }, // Si
  { Z: 11, lines: 15, ionFraction: 0, family: 'light' }, // Na
  { Z: 13, lines: 10, ionFraction: 0, family: 'light' }, // Al
  { Z: 19, lines: 6, ionFraction: 0, family: 'light' }, // K
  { Z: 29, lines: 15, ionFraction: 0, family: 'light' }, // Cu
  { Z: 30, lines: 8, ionFraction: 0, family: 'light' }, // Zn
  { Z: 31, lines: 4, ionFraction: 0, family: 'light' }, // Ga
  { Z: 38, lines: 8, ionFraction: 0.5, family: 'heavy' }, // Sr
  { Z: 39, lines: 40, ionFraction: 0.8, family: 'heavy' }, // Y
  { Z: 40, lines: 60, ionFraction: 0.6, family: 'heavy' }, // Zr
  { Z: 41, lines: 25, ionFraction: 0.5, family: 'heavy' }, // Nb
  { Z: 44, lines: 20, ionFraction: 0, family: 'heavy' }, // Ru
  { Z: 56, lines: 6, ionFraction: 1, family: 'heavy' }, // Ba
  { Z: 57, lines: 40, ionFraction: 0.9, family: 'heavy' }, // La
  { Z: 58, lines: 120, ionFraction: 0.9, family: 'heavy' }, // Ce
  { Z: 59, lines: 40, ionFraction: 0.9, family: 'heavy' }, // Pr
  { Z: 60, lines: 120, ionFraction: 0.9, family: 'heavy' }, // Nd
  { Z: 62, lines: 60, ionFraction: 0.9, family: 'heavy' }, // Sm
  { Z: 63, lines: 8, ionFraction: 0.9, family: 'heavy' }, // Eu
  { Z: 64, lines: 40, ionFraction: 0.9, family: 'heavy' }, // Gd
  { Z: 66, lines: 30, ionFraction: 0.9, family: 'heavy' }, // Dy
  { Z: 67, lines: 10, ionFraction: 0.9, family: 'heavy' }, // Ho
  { Z: 68, lines: 20, ionFraction: 0.9, family: 'heavy' }, // Er
  { Z: 74, lines: 10, ionFraction: 0, family: 'heavy' }, // W
  { Z: 76, lines: 8, ionFraction: 0, family: 'heavy' }, // Os
  { Z: 82, lines: 3, ionFraction: 0, family: 'heavy' }, // Pb
  { Z: 6, lines: 25, ionFraction: 0, family: 'carbon' }, // C (high-excitation C I; CH band separately)
];

/** Atomic numbers of the elements with lines (also the electron donors of the photosphere model). */
export const LINE_ELEMENTS: readonly number[] = LINE_RICHNESS.map((e) => e.Z);
