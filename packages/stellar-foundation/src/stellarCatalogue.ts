import { gaussian, labelVector, mulberry32, synthesizerFor } from '@astroemu/synth';
import type { TokenSpec } from './vocabulary';

/** A multi-"survey" synthetic catalogue: N stars × K observation types, row-major, NaN = missing. */
export interface StellarCatalogue {
  stars: number;
  /** The K type names, in column order: labels, colours, then spectrum bins. */
  names: string[];
  groups: { labels: string[]; colours: string[]; spectrum: string[] };
  /** Observed values (truth + Gaussian noise of the known σ); NaN where missing. */
  values: Float32Array;
  /** Known measurement σ of each value; NaN where missing. */
  sigmas: Float32Array;
  /** Noise-free values (never missing). */
  truth: Float32Array;
  /** Vocabulary entries (center/scale from the truth's mean and standard deviation). */
  tokens: TokenSpec[];
}

export interface StellarCatalogueOptions {
  stars: number;
  seed?: number;
  /** Spectral bins (default 64) of a synth spectrum at R = 3000 over 4000–5500 Å. */
  bins?: number;
  /** Fractions of stars with no spectrum, no labels, no colours, and of single values missing at random. */
  missing?: { spectrum?: number; labels?: number; colours?: number; random?: number };
}

export const CATALOGUE_LABELS = ['Teff', 'logg', 'M_H', 'alpha_M', 'A_V'] as const;
export const CATALOGUE_COLOURS = ['BP_RP', 'G_K', 'J_K'] as const;
const LABEL_UNITS = ['K', 'dex', 'dex', 'dex', 'mag'];
const LABEL_SIGMA = [50, 0.07, 0.04, 0.03, 0.05];
const COLOUR_SIGMA = 0.02;
const SYNTH = { R: 3000, lambdaMin: 4000, lambdaMax: 5500 };
const ALPHA_ELEMENTS = ['O', 'Mg', 'Si', 'S', 'Ca', 'Ti'];

/** Analytic "colours" of a star: smooth in θ = 5040/Teff, weakly in [M/H] and logg, reddened by A_V. */
export function stellarColours(teff: number, logg: number, mh: number, av: number): [number, number, number] {
  const theta = 5040 / teff;
  return [
    -0.95 + 2.0 * theta + 0.6 * (theta - 0.9) ** 2 + 0.06 * mh + 0.43 * av,
    -1.6 + 3.6 * theta + 0.09 * mh - 0.04 * (logg - 3) + 0.85 * av,
    -0.35 + 0.85 * theta + 0.02 * mh - 0.03 * (logg - 3) + 0.17 * av,
  ];
}

/**
 * Draws a seeded population of dwarfs and red giants (Teff, logg, [M/H], [α/M], A_V), a binned low-resolution
 * spectrum from @astroemu/synth with a per-star S/N in [20, 200], three analytic colours, and realistic
 * missingness: whole stars without spectra, labels or colours, plus values missing at random.
 */
export function makeStellarCatalogue(opts: StellarCatalogueOptions): StellarCatalogue {
  const bins = opts.bins ?? 64;
  const rand = mulberry32(opts.seed ?? 1);
  const miss = { spectrum: 0.2, labels: 0.25, colours: 0.1, random: 0.05, ...opts.missing };
  const spectrum = Array.from({ length: bins }, (_, i) => `flux_${String(i).padStart(3, '0')}`);
  const names = [...CATALOGUE_LABELS, ...CATALOGUE_COLOURS, ...spectrum];
  const k = names.length;
  const n = opts.stars;
  const values = new Float32Array(n * k);
  const sigmas = new Float32Array(n * k);
  const truth = new Float32Array(n * k);
  const synth = synthesizerFor(SYNTH);
  const pixels = synth.wavelength.length;
  const flux = new Float32Array(pixels);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  for (let s = 0; s < n; s++) {
    const giant = rand() < 0.45;
    const teff = giant ? uniform(4000, 5300) : uniform(4300, 6500);
    const logg = giant
      ? clamp(0.9 + (2.3 * (teff - 4000)) / 1300 + 0.12 * gaussian(rand), 0.5, 3.6)
      : clamp(4.62 - 0.45 * ((teff - 4300) / 2200) ** 1.5 + 0.06 * gaussian(rand), 3.8, 4.9);
    const mh = clamp(-0.2 + 0.35 * gaussian(rand), -1.5, 0.5);
    const alpha = clamp(-0.25 * mh + 0.06 * gaussian(rand), -0.1, 0.45);
    const av = Math.min(3, -0.5 * Math.log(1 - rand()));
    const abundances = Object.fromEntries(ALPHA_ELEMENTS.map((e) => [e, mh + alpha]));
    synth.synthesize(labelVector({ Teff: teff, logg, metallicity: mh, abundances }), flux);
    const row: number[] = [teff, logg, mh, alpha, av, ...stellarColours(teff, logg, mh, av)];
    for (let b = 0; b < bins; b++) {
      const lo = Math.floor((b * pixels) / bins);
      const hi = Math.floor(((b + 1) * pixels) / bins);
      let sum = 0;
      for (let p = lo; p < hi; p++) sum += flux[p]!;
      row.push(sum / (hi - lo));
    }
    const snr = Math.exp(uniform(Math.log(20), Math.log(200)));
    const hasSpectrum = rand() >= miss.spectrum;
    const hasLabels = rand() >= miss.labels;
    const hasColours = rand() >= miss.colours;
    for (let j = 0; j < k; j++) {
      const i = s * k + j;
      truth[i] = row[j]!;
      const sigma = j < 5 ? LABEL_SIGMA[j]! : j < 8 ? COLOUR_SIGMA : 1 / snr;
      const present = (j < 5 ? hasLabels : j < 8 ? hasColours : hasSpectrum) && rand() >= miss.random;
      values[i] = present ? row[j]! + sigma * gaussian(rand) : Number.NaN;
      sigmas[i] = present ? sigma : Number.NaN;
    }
  }
  const tokens: TokenSpec[] = names.map((name, j) => {
    let m = 0;
    let m2 = 0;
    for (let s = 0; s < n; s++) {
      m += truth[s * k + j]!;
      m2 += truth[s * k + j]! ** 2;
    }
    m /= n;
    const sd = Math.sqrt(Math.max(m2 / n - m * m, 0));
    const unit = j < 5 ? LABEL_UNITS[j]! : j < 8 ? 'mag' : 'normalised flux';
    return { name, unit, center: m, scale: sd > 1e-6 ? sd : 1 };
  });
  return {
    stars: n,
    names,
    groups: { labels: [...CATALOGUE_LABELS], colours: [...CATALOGUE_COLOURS], spectrum },
    values,
    sigmas,
    truth,
    tokens,
  };
}
