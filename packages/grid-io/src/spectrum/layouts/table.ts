import { FitsError } from '../../fits/FitsError';
import { findColumn } from '../../fits/findColumn';
import type { FitsBinTableHdu, FitsColumn } from '../../fits/types';
import { detectMedium } from '../detectMedium';
import type { LayoutInput, Spectrum } from '../Spectrum';
import { headerRecord, ivarFromError, numeric, pow10, slice } from '../spectrumArrays';

const WAVELENGTH_NAMES = ['WAVE', 'WAVELENGTH', 'LAMBDA', 'LOGLAM'];
const FLUX_NAMES = ['FLUX'];
const IVAR_NAMES = ['IVAR'];
const ERROR_NAMES = ['ERR', 'ERROR', 'SIGMA', 'ERR_FLUX'];
const MASK_NAMES = ['MASK', 'AND_MASK', 'ANDMASK', 'PIXMASK'];

function pick(t: FitsBinTableHdu, explicit: string | undefined, names: string[], file: string): FitsColumn | undefined {
  if (explicit !== undefined) {
    const col = findColumn(t, explicit);
    if (col === undefined) {
      throw new FitsError('no such column', {
        file,
        hdu: t.index,
        keyword: `TTYPE '${explicit}'`,
        expected: `one of ${t.columns.map((c) => c.name).join(', ')}`,
        got: `'${explicit}'`,
      });
    }
    return col;
  }
  for (const n of names) {
    const col = findColumn(t, n);
    if (col !== undefined) return col;
  }
  return undefined;
}

/**
 * A spectrum in a binary table: one pixel per row, or one row whose cells are the arrays (ESO Phase 3
 * style). Columns are found by name (WAVE/WAVELENGTH/LAMBDA/LOGLAM, FLUX, IVAR or ERR, MASK) or
 * given in opts; a wavelength column whose name starts with LOG holds log10(λ/Å). Returns undefined
 * when `table` is not given and no table has wavelength and flux columns.
 */
export function readTable(input: LayoutInput, table?: FitsBinTableHdu): Spectrum | undefined {
  const { hdus, file, opts } = input;
  const t =
    table ??
    hdus.find(
      (h): h is FitsBinTableHdu =>
        h.kind === 'bintable' &&
        pick(h, undefined, WAVELENGTH_NAMES, file) !== undefined &&
        pick(h, undefined, FLUX_NAMES, file) !== undefined,
    );
  if (t === undefined) return undefined;
  const waveCol = pick(t, opts.wavelengthColumn, WAVELENGTH_NAMES, file);
  const fluxCol = pick(t, opts.fluxColumn, FLUX_NAMES, file);
  if (waveCol === undefined || fluxCol === undefined) {
    throw new FitsError('table has no wavelength or flux column', {
      file,
      hdu: t.index,
      expected: 'options { fluxColumn, wavelengthColumn } naming its columns',
      got: `columns ${t.columns.map((c) => c.name).join(', ')}`,
    });
  }
  const ivarCol = pick(t, opts.ivarColumn, opts.errorColumn === undefined ? IVAR_NAMES : [], file);
  const errCol = ivarCol === undefined ? pick(t, opts.errorColumn, ERROR_NAMES, file) : undefined;
  const maskCol = pick(t, opts.maskColumn, MASK_NAMES, file);
  const values = (c: FitsColumn) => numeric(c.data, { file, hdu: t.index, keyword: c.name });
  const wave = values(waveCol);
  const n = wave.length;
  const same = (c: FitsColumn) => {
    const v = values(c);
    if (v.length !== n)
      throw new FitsError('column length differs from the wavelength column', {
        file,
        hdu: t.index,
        keyword: c.name,
        expected: `${n} values`,
        got: `${v.length}`,
      });
    return v;
  };
  const isLog = waveCol.name.toUpperCase().startsWith('LOG');
  const primary = hdus[0]!.header;
  return {
    wavelength: isLog ? pow10(wave) : slice(Float64Array, wave, 0, n),
    flux: slice(Float32Array, same(fluxCol), 0, n),
    ...(ivarCol !== undefined
      ? { ivar: slice(Float32Array, same(ivarCol), 0, n) }
      : errCol !== undefined
        ? { ivar: ivarFromError(same(errCol)) }
        : {}),
    ...(maskCol !== undefined ? { mask: slice(Int32Array, same(maskCol), 0, n) } : {}),
    medium: detectMedium([t.header, primary]),
    meta: {
      layout: 'table',
      file,
      hdus: [t.index],
      wavelengthSource: 'column',
      columns: { wavelength: waveCol.name, flux: fluxCol.name },
      header: headerRecord(primary),
    },
  };
}
