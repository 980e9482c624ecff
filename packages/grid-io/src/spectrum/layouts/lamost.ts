import { FitsError } from '../../fits/FitsError';
import { findColumn } from '../../fits/findColumn';
import type { FitsBinTableHdu } from '../../fits/types';
import { detectMedium } from '../detectMedium';
import { wavelengthFromWcs } from '../spectralAxis';
import type { LayoutInput, Spectrum } from '../Spectrum';
import { concat, headerRecord, numeric, pow10, slice } from '../spectrumArrays';

/**
 * LAMOST low resolution (DR1–DR9 `spec-*.fits`): primary image with rows flux, ivar, wavelength,
 * andmask, ormask and a log10-linear WCS (`DC-FLAG = 1`). Wavelengths come from the WCS in float64;
 * they are checked against the float32 wavelength row (relative 1e-5).
 */
export function readLamostLowRes({ hdus, file }: LayoutInput): Spectrum | undefined {
  const p = hdus[0];
  if (p?.kind !== 'image' || p.data === null || p.shape.length !== 2 || p.shape[0]! < 3) return undefined;
  if (!(p.header.string('TELESCOP') ?? '').trim().toUpperCase().startsWith('LAMOST')) return undefined;
  const n = p.shape[1]!;
  const ctx = { file, hdu: 0 };
  const data = numeric(p.data, { ...ctx, keyword: 'primary data' });
  const row = (r: number) => slice(Float64Array, data, r * n, n);
  const tabulated = row(2);
  const wcs = wavelengthFromWcs(p.header, n, ctx);
  if (wcs !== undefined) {
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(wcs.wavelength[i]! / tabulated[i]! - 1) < 1e-5)) {
        throw new FitsError(`WCS wavelength of pixel ${i} disagrees with the wavelength row`, {
          ...ctx,
          keyword: 'CRVAL1',
          expected: `${tabulated[i]} Å (row 3)`,
          got: `${wcs.wavelength[i]} Å`,
        });
      }
    }
  }
  return {
    wavelength: wcs?.wavelength ?? tabulated,
    flux: slice(Float32Array, data, 0, n),
    ivar: slice(Float32Array, data, n, n),
    ...(p.shape[0]! > 3 ? { mask: slice(Int32Array, data, 3 * n, n) } : {}),
    medium: detectMedium([p.header], 'vacuum'),
    meta: {
      layout: 'lamost-lrs',
      file,
      hdus: [0],
      wavelengthSource: wcs?.source ?? 'row',
      header: headerRecord(p.header),
    },
  };
}

/**
 * LAMOST medium resolution (`med-*.fits`): BINTABLEs COADD_B and COADD_R with FLUX, IVAR, LOGLAM
 * (log10 vacuum Å), ANDMASK. Returns blue and red joined in increasing wavelength, or one arm (opts.arm).
 */
export function readLamostMedRes({ hdus, file, opts }: LayoutInput): Spectrum | undefined {
  const blue = hdus.find((h): h is FitsBinTableHdu => h.kind === 'bintable' && h.name.toUpperCase() === 'COADD_B');
  const red = hdus.find((h): h is FitsBinTableHdu => h.kind === 'bintable' && h.name.toUpperCase() === 'COADD_R');
  if (blue === undefined && red === undefined) return undefined;
  const arm = opts.arm ?? 'both';
  const chosen = (arm === 'blue' ? [blue] : arm === 'red' ? [red] : [blue, red]).filter(
    (h): h is FitsBinTableHdu => h !== undefined,
  );
  if (chosen.length === 0)
    throw new FitsError(`no COADD table for arm '${arm}'`, { file, expected: 'COADD_B and/or COADD_R' });
  const parts = chosen.map((h) => {
    const get = (name: string) => {
      const col = findColumn(h, name);
      if (col === undefined)
        throw new FitsError('LAMOST MRS table lacks a column', {
          file,
          hdu: h.index,
          keyword: `TTYPE '${name}'`,
          expected: `a ${name} column`,
          got: h.columns.map((c) => c.name).join(', '),
        });
      return numeric(col.data, { file, hdu: h.index, keyword: name });
    };
    return {
      flux: get('FLUX'),
      ivar: get('IVAR'),
      loglam: get('LOGLAM'),
      mask: findColumn(h, 'ANDMASK') ?? findColumn(h, 'PIXMASK'),
      h,
    };
  });
  parts.sort((a, b) => (a.loglam[0] ?? 0) - (b.loglam[0] ?? 0));
  const masks = parts.map((p) => p.mask);
  const primary = hdus[0]!;
  return {
    wavelength: pow10(
      concat(
        Float64Array,
        parts.map((p) => p.loglam),
      ),
    ),
    flux: concat(
      Float32Array,
      parts.map((p) => p.flux),
    ),
    ivar: concat(
      Float32Array,
      parts.map((p) => p.ivar),
    ),
    ...(masks.every((m) => m !== undefined)
      ? {
          mask: concat(
            Int32Array,
            masks.map((m, i) => numeric(m.data, { file, hdu: parts[i]!.h.index, keyword: m.name })),
          ),
        }
      : {}),
    medium: detectMedium([primary.header], 'vacuum'),
    meta: {
      layout: 'lamost-mrs',
      file,
      hdus: parts.map((p) => p.h.index),
      wavelengthSource: 'column',
      arm,
      header: headerRecord(primary.header),
    },
  };
}
