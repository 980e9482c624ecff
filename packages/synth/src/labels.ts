import { ELEMENT_SYMBOLS, MAX_Z } from './elements';
import { SOLAR_HELIUM_FRACTION } from './solarAbundances';
import { SynthArgumentError, describeValue } from './errors';

/** A label of the 100-label vector: name, unit and the training-domain bounds. */
export interface LabelSpec {
  readonly name: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
}

/** First atomic number with an abundance label (Li). */
export const FIRST_ABUNDANCE_Z = 3;

/**
 * The 100 labels in order: `Teff` [K], `logg` [dex, cgs], `He` (number fraction N_He/N_tot), then the
 * abundances [X/H] in dex relative to the Sun for Z = 3 (Li) … 99 (Es), named by element symbol.
 */
export const LABEL_NAMES: readonly string[] = Object.freeze([
  'Teff',
  'logg',
  'He',
  ...ELEMENT_SYMBOLS.slice(FIRST_ABUNDANCE_Z, MAX_Z + 1),
]);

/** Number of labels (100). */
export const LABEL_COUNT = LABEL_NAMES.length;

/** Training-grid domain (Table 1 of Różański et al.): every label drawn uniformly and independently. */
export const LABEL_SPECS: readonly LabelSpec[] = Object.freeze(
  LABEL_NAMES.map((name): LabelSpec => {
    if (name === 'Teff') return { name, unit: 'K', min: 4000, max: 6000 };
    if (name === 'logg') return { name, unit: 'dex', min: 4.0, max: 5.0 };
    if (name === 'He') return { name, unit: 'number fraction', min: 0, max: 0.1568 };
    return { name, unit: 'dex', min: -2, max: 1 };
  }),
);

/** Index of a label name in LABEL_NAMES; throws SynthArgumentError listing nothing but the bad name. */
export function labelIndex(name: string): number {
  const i = LABEL_NAMES.indexOf(name);
  if (i < 0)
    throw new SynthArgumentError(
      'name',
      'labelIndex',
      'one of LABEL_NAMES (Teff, logg, He, Li … Es)',
      describeValue(name),
    );
  return i;
}

/** Options of labelVector: scaled-solar composition with optional per-element overrides. */
export interface LabelVectorOptions {
  Teff?: number;
  logg?: number;
  /** Helium number fraction; default solar (≈ 0.0784). */
  He?: number;
  /** [M/H]: added to every [X/H]; default 0. */
  metallicity?: number;
  /** Per-element [X/H] overriding `metallicity`, by symbol, e.g. { Fe: -0.5, Mg: 0.2 }. */
  abundances?: Readonly<Record<string, number>>;
}

/** A full 100-label vector: defaults Teff = 5000 K, logg = 4.5, solar He, all [X/H] = metallicity. */
export function labelVector(opts: LabelVectorOptions = {}): Float64Array {
  const v = new Float64Array(LABEL_COUNT);
  v[0] = opts.Teff ?? 5000;
  v[1] = opts.logg ?? 4.5;
  v[2] = opts.He ?? SOLAR_HELIUM_FRACTION;
  v.fill(opts.metallicity ?? 0, 3);
  for (const [symbol, value] of Object.entries(opts.abundances ?? {})) {
    const i = LABEL_NAMES.indexOf(symbol);
    if (i < 3) {
      throw new SynthArgumentError(
        'abundances',
        'labelVector',
        'keyed by element symbols Li … Es',
        describeValue(symbol),
      );
    }
    v[i] = value;
  }
  return v;
}
