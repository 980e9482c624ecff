import { FitsError } from '../fits/FitsError';
import type { FitsHeader } from '../fits/FitsHeader';

export interface SpectralAxis {
  wavelength: Float64Array;
  /** 'linear-wcs' | 'log10-wcs' | 'ln-wcs' */
  source: string;
}

const UNIT_TO_ANGSTROM: Record<string, number> = {
  ANGSTROM: 1,
  ANGSTROMS: 1,
  A: 1,
  AA: 1,
  NM: 10,
  NANOMETER: 10,
  UM: 1e4,
  MICRON: 1e4,
  MICRONS: 1e4,
  M: 1e10,
  CM: 1e8,
  MM: 1e7,
};

/**
 * Wavelengths (Å) of the `n` pixels along axis 1 of an image header, from its WCS:
 * - linear: λ = CRVAL1 + (p − CRPIX1) · CDELT1 (or CD1_1), p = 1…n;
 * - log10-linear (IRAF/SDSS/LAMOST `DC-FLAG = 1`, APOGEE `CTYPE1 = 'LOG-LINEAR'`): λ = 10^(CRVAL1 + (p − CRPIX1) · CDELT1);
 * - `CTYPE1 = 'WAVE-LOG'` (FITS WCS paper III): λ = CRVAL1 · exp(CDELT1 · (p − CRPIX1) / CRVAL1); a CRVAL1
 *   below 10 is taken as log10(λ) (a common misuse) and read as log10-linear.
 * CUNIT1 (nm, um, m…) is converted to Å. Returns undefined when there is no CRVAL1 or step.
 */
export function wavelengthFromWcs(
  header: FitsHeader,
  n: number,
  ctx: { file: string; hdu: number },
): SpectralAxis | undefined {
  const crval = header.number('CRVAL1');
  const step = header.number('CDELT1') ?? header.number('CD1_1');
  if (crval === undefined || step === undefined) return undefined;
  const crpix = header.number('CRPIX1') ?? 1;
  if (step === 0) {
    throw new FitsError('spectral axis step is zero', {
      ...ctx,
      keyword: header.has('CDELT1') ? 'CDELT1' : 'CD1_1',
      expected: 'a non-zero step',
      got: '0',
    });
  }
  const ctype = (header.string('CTYPE1') ?? '').trim().toUpperCase();
  const dcFlag = header.number('DC-FLAG');
  const unitName = (header.string('CUNIT1') ?? '').trim().toUpperCase();
  const scale = unitName === '' ? 1 : UNIT_TO_ANGSTROM[unitName];
  if (scale === undefined) {
    throw new FitsError('unknown spectral unit', {
      ...ctx,
      keyword: 'CUNIT1',
      expected: `one of ${Object.keys(UNIT_TO_ANGSTROM).join(', ')}`,
      got: `'${unitName}'`,
    });
  }
  const out = new Float64Array(n);
  let source: string;
  if (dcFlag === 1 || ctype === 'LOG-LINEAR' || (ctype === 'WAVE-LOG' && crval < 10)) {
    for (let i = 0; i < n; i++) out[i] = scale * 10 ** (crval + (i + 1 - crpix) * step);
    source = 'log10-wcs';
  } else if (ctype === 'WAVE-LOG' || ctype === 'AWAV-LOG') {
    for (let i = 0; i < n; i++) out[i] = scale * crval * Math.exp((step * (i + 1 - crpix)) / crval);
    source = 'ln-wcs';
  } else {
    for (let i = 0; i < n; i++) out[i] = scale * (crval + (i + 1 - crpix) * step);
    source = 'linear-wcs';
  }
  return { wavelength: out, source };
}
