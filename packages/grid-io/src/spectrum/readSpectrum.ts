import { FitsError } from '../fits/FitsError';
import { loadBytes, type FitsSource } from '../fits/loadBytes';
import { parseFits } from '../fits/parseFits';
import type { FitsHdu } from '../fits/types';
import { checkWavelength } from './checkWavelength';
import { readApogeeStar, readApogeeVisit } from './layouts/apogee';
import { readImage1d } from './layouts/image1d';
import { readLamostLowRes, readLamostMedRes } from './layouts/lamost';
import { readSdssBoss } from './layouts/sdss';
import { readTable } from './layouts/table';
import { readWavelengthHdu } from './layouts/wavelengthHdu';
import type { LayoutInput, ReadSpectrumOptions, Spectrum } from './Spectrum';

/** Layout readers, most specific first; each returns undefined when the file is not its layout. */
const LAYOUTS: ((input: LayoutInput) => Spectrum | undefined)[] = [
  readLamostLowRes,
  readLamostMedRes,
  readSdssBoss,
  readApogeeVisit,
  readApogeeStar,
  readWavelengthHdu,
  (input) => readImage1d(input),
  (input) => readTable(input),
];

/**
 * Read one observed spectrum from a FITS file (path in Node, or bytes) and return it with increasing
 * wavelengths in Å. Recognises LAMOST low/medium resolution, SDSS BOSS spec, APOGEE apVisit/apStar,
 * ESO s1d, 1D images with a (log-)linear WCS, wavelength HDUs and spectrum tables; other files need
 * `opts.hdu` (and column names for tables).
 */
export async function readSpectrum(src: FitsSource, opts: ReadSpectrumOptions = {}): Promise<Spectrum> {
  const { bytes, file } = await loadBytes(src, opts.fileName);
  return parseSpectrum(bytes, { ...opts, fileName: file });
}

/** readSpectrum for bytes already in memory (synchronous). */
export function parseSpectrum(bytes: Uint8Array | ArrayBuffer, opts: ReadSpectrumOptions = {}): Spectrum {
  const file = opts.fileName ?? '<buffer>';
  const hdus = parseFits(bytes, { fileName: file });
  const input: LayoutInput = { hdus, file, opts };
  let spectrum: Spectrum | undefined;
  if (opts.hdu !== undefined) {
    const hdu = findHdu(hdus, opts.hdu, file);
    spectrum =
      hdu.kind === 'bintable' ? readTable(input, hdu) : hdu.kind === 'image' ? readImage1d(input, hdu) : undefined;
    if (spectrum === undefined) {
      throw new FitsError('this HDU does not hold a 1D spectrum this reader understands', {
        file,
        hdu: hdu.index,
        expected: 'a 1D image with a WCS spectral axis, or a table with flux and wavelength columns',
        got: summary(hdu),
      });
    }
  } else {
    for (const layout of LAYOUTS) {
      spectrum = layout(input);
      if (spectrum !== undefined) break;
    }
  }
  if (spectrum === undefined) {
    throw new FitsError(
      `no known spectrum layout. HDUs found: ${hdus.map(summary).join('; ')}. ` +
        "Pass the HDU and column names explicitly, e.g. readSpectrum(file, { hdu: 1, fluxColumn: 'FLUX', wavelengthColumn: 'WAVE', ivarColumn: 'IVAR' })",
      { file, expected: 'LAMOST, SDSS, APOGEE, ESO s1d, a 1D WCS image, or a spectrum table' },
    );
  }
  const n = spectrum.wavelength.length;
  const hdu = spectrum.meta.hdus[0] ?? 0;
  for (const [what, arr] of [
    ['flux', spectrum.flux],
    ['ivar', spectrum.ivar],
    ['mask', spectrum.mask],
  ] as const) {
    if (arr !== undefined && arr.length !== n) {
      throw new FitsError(`${what} and wavelength lengths differ`, {
        file,
        hdu,
        keyword: what,
        expected: `${n} values`,
        got: `${arr.length}`,
      });
    }
  }
  if (n > 1 && spectrum.wavelength[0]! > spectrum.wavelength[n - 1]!) reverseAll(spectrum);
  checkWavelength(spectrum.wavelength, {
    file,
    hdu,
    keyword: spectrum.meta.wavelengthSource === 'column' ? 'wavelength column' : spectrum.meta.wavelengthSource,
  });
  if (opts.medium !== undefined) spectrum.medium = opts.medium;
  return spectrum;
}

/** Files that store wavelength decreasing (e.g. LAMOST MRS single exposures): return them increasing. */
function reverseAll(s: Spectrum): void {
  s.wavelength.reverse();
  s.flux.reverse();
  s.ivar?.reverse();
  s.mask?.reverse();
  s.meta.reversed = true;
}

function findHdu(hdus: FitsHdu[], want: number | string, file: string): FitsHdu {
  const hdu = typeof want === 'number' ? hdus[want] : hdus.find((h) => h.name.toUpperCase() === want.toUpperCase());
  if (hdu === undefined) {
    throw new FitsError('no such HDU', {
      file,
      expected: `an index 0…${hdus.length - 1} or a name among ${hdus.map((h) => `'${h.name}'`).join(', ')}`,
      got: JSON.stringify(want),
    });
  }
  return hdu;
}

function summary(h: FitsHdu): string {
  const name = h.name === '' ? '' : ` '${h.name}'`;
  if (h.kind === 'image') return `${h.index}${name} image [${h.shape.join('×')}]`;
  if (h.kind === 'bintable')
    return `${h.index}${name} table ${h.nrows} rows (${h.columns.map((c) => c.name).join(', ')})`;
  return `${h.index}${name} skipped`;
}
