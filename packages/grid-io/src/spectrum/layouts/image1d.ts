import type { FitsImageHdu } from '../../fits/types';
import { detectMedium } from '../detectMedium';
import { wavelengthFromWcs } from '../spectralAxis';
import type { LayoutInput, Spectrum } from '../Spectrum';
import { headerRecord, numeric, slice } from '../spectrumArrays';

/** ESO pipeline 1D products whose wavelengths are in air (HARPS, HARPS-N, FEROS, UVES s1d). */
const ESO_AIR = /^(HARPS|HARPN|HARPS-N|FEROS|UVES)/;

/**
 * A 1D spectrum image (NAXIS = 1, or NAXIS = 2 with one row) with a WCS spectral axis: generic
 * files and ESO s1d products (HARPS s1d: `CTYPE1 = 'Angstrom'`, air wavelengths).
 */
export function readImage1d(input: LayoutInput, hdu?: FitsImageHdu): Spectrum | undefined {
  const { hdus, file } = input;
  const h = hdu ?? hdus.find((x): x is FitsImageHdu => x.kind === 'image' && x.data !== null);
  if (h === undefined || h.data === null) return undefined;
  const dims = h.shape.filter((d) => d !== 1);
  if (dims.length !== 1) return undefined;
  const n = dims[0]!;
  const axis = wavelengthFromWcs(h.header, n, { file, hdu: h.index });
  if (axis === undefined) return undefined;
  const primary = hdus[0]!.header;
  const instrument = (primary.string('INSTRUME') ?? '').trim().toUpperCase();
  const eso = ESO_AIR.test(instrument);
  return {
    wavelength: axis.wavelength,
    flux: slice(Float32Array, numeric(h.data, { file, hdu: h.index, keyword: 'data' }), 0, n),
    medium: detectMedium(h.index === 0 ? [h.header] : [h.header, primary], eso ? 'air' : 'unknown'),
    meta: {
      layout: eso ? 'eso-s1d' : 'image-1d',
      file,
      hdus: [h.index],
      wavelengthSource: axis.source,
      header: headerRecord(primary),
    },
  };
}
