import type { FitsImageHdu } from '../../fits/types';
import { detectMedium } from '../detectMedium';
import { wavelengthFromWcs } from '../spectralAxis';
import type { LayoutInput, Spectrum } from '../Spectrum';
import { headerRecord, ivarFromError, numeric, slice } from '../spectrumArrays';

const APOGEE_TELESCOPES = /^(APO|LCO)(25M|1M)$/;

function isApogee({ hdus }: LayoutInput): boolean {
  const h = hdus[0]?.header;
  if (h === undefined) return false;
  const tel = (h.string('TELESCOP') ?? '').trim().toUpperCase();
  return APOGEE_TELESCOPES.test(tel) || h.getAll('HISTORY').some((c) => String(c.value).startsWith('AP1DVISIT'));
}

function image(hdus: LayoutInput['hdus'], i: number): FitsImageHdu | undefined {
  const h = hdus[i];
  return h?.kind === 'image' && h.data !== null ? h : undefined;
}

/**
 * APOGEE apVisit: HDU 1 flux, 2 error, 3 mask, 4 wavelength, each [chip, pixel] with chips stored
 * red → blue and wavelength decreasing along each row. Returned as one increasing spectrum (all arrays
 * reversed); ivar = 1/error².
 */
export function readApogeeVisit(input: LayoutInput): Spectrum | undefined {
  const { hdus, file } = input;
  if (!isApogee(input)) return undefined;
  const [flux, err, mask, wave] = [1, 2, 3, 4].map((i) => image(hdus, i));
  if (flux === undefined || err === undefined || wave === undefined || wave.bitpix !== -64) return undefined;
  const n = flux.data!.length;
  if (err.data!.length !== n || wave.data!.length !== n) return undefined;
  const ctx = (hdu: number, keyword: string) => ({ file, hdu, keyword });
  const rev = <T extends Float32Array | Float64Array | Int32Array>(
    make: new (n: number) => T,
    h: FitsImageHdu,
    what: string,
  ) => slice(make, numeric(h.data, ctx(h.index, what)), 0, n, true);
  return {
    wavelength: rev(Float64Array, wave, 'wavelength'),
    flux: rev(Float32Array, flux, 'flux'),
    ivar: ivarFromError(rev(Float64Array, err, 'error')),
    ...(mask !== undefined && mask.data!.length === n ? { mask: rev(Int32Array, mask, 'mask') } : {}),
    medium: detectMedium([hdus[0]!.header], 'vacuum'),
    meta: {
      layout: 'apogee-visit',
      file,
      hdus: [1, 2, 3, 4],
      wavelengthSource: 'hdu',
      header: headerRecord(hdus[0]!.header),
    },
  };
}

/**
 * APOGEE apStar/asStar: HDU 1 flux, 2 error, 3 mask, each [visit, pixel] (row 0 = the combined
 * spectrum), on a log10-linear grid given by HDU 1's WCS (CRVAL1 = log10 λ0, CDELT1, `CTYPE1 = 'LOG-LINEAR'`).
 */
export function readApogeeStar(input: LayoutInput): Spectrum | undefined {
  const { hdus, file } = input;
  if (!isApogee(input)) return undefined;
  const [flux, err, mask] = [1, 2, 3].map((i) => image(hdus, i));
  if (flux === undefined || err === undefined) return undefined;
  const n = flux.shape[flux.shape.length - 1]!;
  const axis = wavelengthFromWcs(flux.header, n, { file, hdu: 1 });
  if (axis === undefined || axis.source !== 'log10-wcs' || err.data!.length < n) return undefined;
  const row0 = <T extends Float32Array | Float64Array | Int32Array>(
    make: new (n: number) => T,
    h: FitsImageHdu,
    what: string,
  ) => slice(make, numeric(h.data, { file, hdu: h.index, keyword: what }), 0, n);
  return {
    wavelength: axis.wavelength,
    flux: row0(Float32Array, flux, 'flux'),
    ivar: ivarFromError(row0(Float64Array, err, 'error')),
    ...(mask !== undefined && mask.data!.length >= n ? { mask: row0(Int32Array, mask, 'mask') } : {}),
    medium: detectMedium([hdus[0]!.header], 'vacuum'),
    meta: {
      layout: 'apogee-star',
      file,
      hdus: [1, 2, 3],
      wavelengthSource: axis.source,
      header: headerRecord(hdus[0]!.header),
    },
  };
}
