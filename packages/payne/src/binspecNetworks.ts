import { importMlpRegressorNpz, type MlpRegressor } from './MlpRegressor';
import { importPerPixelPayneNpz } from './importPerPixelPayneNpz';
import type { PerPixelPayneEmulator } from './PerPixelPayneEmulator';

/** Label names of binspec's normalised-spectrum network (x_min order). */
export const BINSPEC_LABELS = ['Teff', 'logg', '[Fe/H]', '[Mg/Fe]', 'vmacro'] as const;
const UNITS = ['K', 'dex', 'dex', 'dex', 'km/s'];

/** The four published networks of El-Badry, Ting et al. (2018). */
export interface BinspecNetworks {
  /** Normalised flux from (Teff, logg, [Fe/H], [Mg/Fe], vmacro). */
  normalized: PerPixelPayneEmulator;
  /** 1e6 × surface flux f_λ from (Teff, logg, [Fe/H], [Mg/Fe]). */
  unnormalized: PerPixelPayneEmulator;
  /** (Teff, logg, [Fe/H]) → radius (R_sun). */
  radius: MlpRegressor;
  /** (Teff1, logg1, [Fe/H], q) → (Teff2/1000, logg2). */
  teff2Logg2: MlpRegressor;
}

/**
 * Loads binspec's networks from a folder holding NN_normalized_spectra.npz, NN_unnormalized_spectra.npz,
 * NN_radius.npz and NN_Teff2_logg2.npz, on the APOGEE grid `wavelength` (path of apogee_wavelength.npz or an array).
 */
export async function loadBinspecNetworks(folder: string, wavelength: string | Float64Array): Promise<BinspecNetworks> {
  const p = (f: string) => `${folder.replace(/\/$/, '')}/${f}`;
  const opts = { labelNames: BINSPEC_LABELS, labelUnits: UNITS, medium: 'vacuum' as const };
  const normalized = await importPerPixelPayneNpz(p('NN_normalized_spectra.npz'), wavelength, opts);
  const unnormalized = await importPerPixelPayneNpz(p('NN_unnormalized_spectra.npz'), wavelength, {
    ...opts,
    labelNames: BINSPEC_LABELS.slice(0, 4),
    labelUnits: UNITS.slice(0, 4),
  });
  const radius = await importMlpRegressorNpz(p('NN_radius.npz'), ['Teff', 'logg', '[Fe/H]'], ['radius']);
  const teff2Logg2 = await importMlpRegressorNpz(
    p('NN_Teff2_logg2.npz'),
    ['Teff', 'logg', '[Fe/H]', 'q'],
    ['Teff2/1000', 'logg2'],
  );
  return { normalized, unnormalized, radius, teff2Logg2 };
}
