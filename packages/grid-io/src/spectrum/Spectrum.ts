import type { FitsHdu } from '../fits/types';

export type WavelengthMedium = 'air' | 'vacuum' | 'unknown';

/** One observed 1D spectrum, wavelength strictly increasing, in Angstrom. */
export interface Spectrum {
  wavelength: Float64Array;
  flux: Float32Array;
  /** Inverse variance (from an IVAR column/row, or 1/σ² where the file stores errors; 0 where σ ≤ 0). */
  ivar?: Float32Array;
  /** The survey's pixel bitmask as stored (LAMOST/SDSS AND-mask, APOGEE PIXMASK); 0 = no flag. */
  mask?: Int32Array;
  medium: WavelengthMedium;
  meta: SpectrumMeta;
}

export interface SpectrumMeta {
  /** Which layout was recognised: 'lamost-lrs', 'lamost-mrs', 'sdss-boss', 'apogee-visit', 'apogee-star', 'eso-s1d', 'image-1d', 'table', 'wavelength-hdu'. */
  layout: string;
  file: string;
  /** HDU(s) the flux came from. */
  hdus: number[];
  /** How the wavelengths were obtained: 'linear-wcs', 'log10-wcs', 'ln-wcs', 'column', 'hdu'. */
  wavelengthSource: string;
  /** The primary header's cards as { keyword: value } (first occurrence; COMMENT/HISTORY left out). */
  header: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ReadSpectrumOptions {
  /** Name used in error messages (defaults to the path, or '<buffer>'). */
  fileName?: string;
  /** Use this HDU (index or EXTNAME) instead of detecting the layout. */
  hdu?: number | string;
  /** Flux column (table HDUs); defaults to FLUX when `hdu` is given. */
  fluxColumn?: string;
  /** Wavelength column; names starting with LOG (e.g. LOGLAM) hold log10(λ/Å). Defaults to WAVE/WAVELENGTH/LAMBDA/LOGLAM. */
  wavelengthColumn?: string;
  /** Inverse-variance column (optional). */
  ivarColumn?: string;
  /** Error (σ) column, converted to inverse variance (optional). */
  errorColumn?: string;
  /** Mask column (optional). */
  maskColumn?: string;
  /** LAMOST medium resolution: which arm ('both' joins blue and red, the default). */
  arm?: 'blue' | 'red' | 'both';
  /** Override the medium the reader would infer. */
  medium?: WavelengthMedium;
}

/** What a layout reader gets. */
export interface LayoutInput {
  hdus: FitsHdu[];
  file: string;
  opts: ReadSpectrumOptions;
}
