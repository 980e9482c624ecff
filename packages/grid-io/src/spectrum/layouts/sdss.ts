import { FitsError } from '../../fits/FitsError';
import { findColumn } from '../../fits/findColumn';
import type { FitsBinTableHdu } from '../../fits/types';
import { detectMedium } from '../detectMedium';
import type { LayoutInput, Spectrum } from '../Spectrum';
import { headerRecord, numeric, pow10, slice } from '../spectrumArrays';

/** SDSS BOSS/eBOSS `spec-*.fits` (full or lite): the COADD table with flux, loglam (log10 vacuum Å), ivar, and_mask. */
export function readSdssBoss({ hdus, file }: LayoutInput): Spectrum | undefined {
  const coadd = hdus.find((h): h is FitsBinTableHdu => h.kind === 'bintable' && h.name.toUpperCase() === 'COADD');
  if (coadd === undefined || findColumn(coadd, 'loglam') === undefined || findColumn(coadd, 'flux') === undefined)
    return undefined;
  const get = (name: string) => {
    const col = findColumn(coadd, name);
    if (col === undefined)
      throw new FitsError('SDSS COADD table lacks a column', {
        file,
        hdu: coadd.index,
        keyword: `TTYPE '${name}'`,
        expected: `a ${name} column`,
        got: coadd.columns.map((c) => c.name).join(', '),
      });
    return numeric(col.data, { file, hdu: coadd.index, keyword: name });
  };
  const flux = get('flux');
  const n = flux.length;
  const mask = findColumn(coadd, 'and_mask');
  const primary = hdus[0]!;
  return {
    wavelength: pow10(get('loglam')),
    flux: slice(Float32Array, flux, 0, n),
    ivar: slice(Float32Array, get('ivar'), 0, n),
    ...(mask === undefined
      ? {}
      : { mask: slice(Int32Array, numeric(mask.data, { file, hdu: coadd.index, keyword: 'and_mask' }), 0, n) }),
    medium: detectMedium([primary.header], 'vacuum'),
    meta: {
      layout: 'sdss-boss',
      file,
      hdus: [coadd.index],
      wavelengthSource: 'column',
      header: headerRecord(primary.header),
    },
  };
}
