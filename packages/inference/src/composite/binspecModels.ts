import type { CompositeModelSpec, Expr, ParameterSpec } from './compositeSpec';

/*
 * The four models of El-Badry, Ting et al. (2018, "binspec") as declarations. Emulators: 'normalized' (normalised flux
 * from Teff, logg, [Fe/H], [Mg/Fe], vmacro) and 'unnormalized' (surface flux from the first four); regressors 'radius'
 * ((Teff, logg, [Fe/H]) → R) and 'teff2logg2' ((Teff1, logg1, [Fe/H], q) → (Teff2/1000, logg2)). Bounds: the box of
 * the published code's (Teff 4200–7000 K, logg 4–5, [Fe/H] −1–0.5, [Mg/Fe] −0.3–0.5, vmacro 0–45 km/s; the
 * networks extrapolate slightly in [Fe/H]), q ∈ [0.2, 1], velocities ±250 km/s (a superset of the published ±100
 * around the APOGEE velocities), q_dyn ∈ [0.1, 2].
 */
const LABELS: ParameterSpec[] = [
  { name: 'Teff', min: 4200, max: 7000 },
  { name: 'logg', min: 4, max: 5 },
  { name: '[Fe/H]', min: -1, max: 0.5 },
  { name: '[Mg/Fe]', min: -0.3, max: 0.5 },
  { name: 'vmacro', min: 0, max: 45 },
];
const V = { min: -250, max: 250, kind: 'velocity' as const };
const rename = (p: ParameterSpec, name: string): ParameterSpec => ({ ...p, name });

function star(teff: Expr, logg: Expr, vmacro: Expr, rv: Expr, weight?: Expr) {
  return {
    emulator: 'normalized',
    labels: [teff, logg, '[Fe/H]', '[Mg/Fe]', vmacro],
    continuumEmulator: 'unnormalized',
    continuumLabels: [teff, logg, '[Fe/H]', '[Mg/Fe]'],
    rv,
    ...(weight !== undefined && { weight }),
  };
}

const teff2: Expr = { regressor: 'teff2logg2', inputs: ['Teff1', 'logg1', '[Fe/H]', 'q'], output: 0, scale: 1000 };
const logg2: Expr = { regressor: 'teff2logg2', inputs: ['Teff1', 'logg1', '[Fe/H]', 'q'], output: 1 };
const r2 = (t: Expr, g: Expr): Expr => ({ regressor: 'radius', inputs: [t, g, '[Fe/H]'], output: 0, power: 2 });
const binaryLabels: ParameterSpec[] = [
  rename(LABELS[0]!, 'Teff1'),
  rename(LABELS[1]!, 'logg1'),
  LABELS[2]!,
  LABELS[3]!,
  rename(LABELS[4]!, 'vmacro1'),
  rename(LABELS[4]!, 'vmacro2'),
  { name: 'q', min: 0.2, max: 1 },
];

/** Single star: θ = Teff, logg, [Fe/H], [Mg/Fe], vmacro, rv. */
export const BINSPEC_SINGLE: CompositeModelSpec = {
  name: 'single',
  parameters: [...LABELS, { name: 'rv', ...V }],
  components: [star('Teff', 'logg', 'vmacro', 'rv')],
  normalize: 'apogee',
};

/** Unresolved binary (one spectrum): θ = Teff1, logg1, [Fe/H], [Mg/Fe], vmacro1, vmacro2, q, rv1, rv2. */
export const BINSPEC_BINARY: CompositeModelSpec = {
  name: 'binary',
  parameters: [...binaryLabels, { name: 'rv1', ...V }, { name: 'rv2', ...V }],
  components: [
    star('Teff1', 'logg1', 'vmacro1', 'rv1', r2('Teff1', 'logg1')),
    star(teff2, logg2, 'vmacro2', 'rv2', r2(teff2, logg2)),
  ],
  normalize: 'apogee',
};

/** SB1 over N visits: shared labels, one RV per visit. θ = Teff, logg, [Fe/H], [Mg/Fe], vmacro, rv[0…N−1]. */
export const BINSPEC_SB1: CompositeModelSpec = {
  name: 'sb1',
  parameters: [...LABELS, { name: 'rv', ...V, perExposure: true }],
  components: [star('Teff', 'logg', 'vmacro', 'rv')],
  normalize: 'apogee',
};

/**
 * SB2 over N visits: shared labels; the primary's RV per visit; the secondary's from momentum conservation,
 * rv2 = γ − (rv1 − γ)/q_dyn. θ = Teff1, logg1, [Fe/H], [Mg/Fe], vmacro1, vmacro2, q, q_dyn, γ, rv1[0…N−1].
 */
export const BINSPEC_SB2: CompositeModelSpec = {
  name: 'sb2',
  parameters: [
    ...binaryLabels,
    { name: 'q_dyn', min: 0.1, max: 2 },
    { name: 'gamma', ...V },
    { name: 'rv1', ...V, perExposure: true },
  ],
  components: [
    star('Teff1', 'logg1', 'vmacro1', 'rv1', r2('Teff1', 'logg1')),
    star(
      teff2,
      logg2,
      'vmacro2',
      { op: '-', args: ['gamma', { op: '/', args: [{ op: '-', args: ['rv1', 'gamma'] }, 'q_dyn'] }] },
      r2(teff2, logg2),
    ),
  ],
  normalize: 'apogee',
};

/** The binspec presets by name (astroemu-fit --model single|binary|sb1|sb2). */
export const BINSPEC_MODELS: Readonly<Record<'single' | 'binary' | 'sb1' | 'sb2', CompositeModelSpec>> = {
  single: BINSPEC_SINGLE,
  binary: BINSPEC_BINARY,
  sb1: BINSPEC_SB1,
  sb2: BINSPEC_SB2,
};

/** The primary star's parameters of the binary/SB2 presets under the single/SB1 presets' names. */
const PRIMARY: Readonly<Record<string, string>> = {
  Teff: 'Teff1',
  logg: 'logg1',
  '[Fe/H]': '[Fe/H]',
  '[Mg/Fe]': '[Mg/Fe]',
  vmacro: 'vmacro1',
  rv: 'rv1',
};

/**
 * binspec's seeding, as `hold` values for fitComposite: the binary from a single-star fit (θ names Teff, logg, [Fe/H],
 * [Mg/Fe], vmacro, rv) and the SB2 from an SB1 fit (… rv[e]), its labels and velocities becoming the primary's. The
 * search then explores the secondary (q, vmacro2, its velocity or q_dyn and γ); the LM frees everything.
 */
export function binspecSeed(fit: { names: string[]; theta: ArrayLike<number> }): Record<string, number> {
  const out: Record<string, number> = {};
  fit.names.forEach((name, i) => {
    const [, base, exposure = ''] = /^(.*?)(\[\d+\])?$/.exec(name)!;
    const to = PRIMARY[base!];
    if (to === undefined)
      throw new Error(
        `binspecSeed: '${name}' is not a single-star or SB1 parameter (${Object.keys(PRIMARY).join(', ')})`,
      );
    out[`${to}${exposure}`] = Number(fit.theta[i]);
  });
  return out;
}
