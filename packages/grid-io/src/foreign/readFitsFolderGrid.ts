import { GridError } from '../grid/errors';
import type { SpectralGrid } from '../grid/spectralGrid';
import { interpolateLinear } from '../resample/interpolateLinear';
import type { ReadSpectrumOptions } from '../spectrum/Spectrum';
import { readSpectrum } from '../spectrum/readSpectrum';

export interface ReadFitsFolderGridOptions {
  /** Labels from these primary-header keywords of every file (e.g. ['TEFF', 'LOGG', 'FEH']); or use `labelsCsv`. */
  keywords?: string[];
  /** Labels from a CSV: a header line `file,<label>,<label>…`, then one line per file name (relative to the folder). */
  labelsCsv?: string;
  /** Label names (default: the keywords, or the CSV's column names). */
  labelNames?: string[];
  /** Common grid (Å, increasing; default: the first file's pixels inside the range every file covers): every spectrum is linearly interpolated onto it. */
  wavelength?: Float64Array;
  /** Passed to readSpectrum for every file (e.g. hdu, fluxColumn). */
  read?: ReadSpectrumOptions;
}

const FITS_NAME = /\.(fits|fit|fts)(\.gz)?$/i;

function parseCsv(text: string, file: string): { names: string[]; rows: Map<string, number[]> } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length < 2)
    throw new GridError(`${file}: a labels CSV needs a header line 'file,<label>,…' and one line per spectrum`);
  const head = lines[0]!.split(',').map((s) => s.trim());
  if (head[0]!.toLowerCase() !== 'file')
    throw new GridError(`${file}: the first column must be 'file'; got '${head[0]}'`);
  const names = head.slice(1);
  const rows = new Map<string, number[]>();
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',').map((s) => s.trim());
    if (cells.length !== head.length)
      throw new GridError(`${file}: line ${i + 2} has ${cells.length} fields; expected ${head.length}`);
    const values = cells.slice(1).map((c, k) => {
      const v = Number(c);
      if (c === '' || !Number.isFinite(v))
        throw new GridError(`${file}: line ${i + 2}, column '${names[k]}' is '${c}'; expected a finite number`);
      return v;
    });
    rows.set(cells[0]!, values);
  });
  return { names, rows };
}

/**
 * A training grid from a folder of FITS spectra, one model per file (any layout readSpectrum reads), labels from
 * primary-header keywords or a CSV, every spectrum resampled onto one common grid (default: the first file's, by
 * name order). Errors name the file and the keyword or column.
 */
export async function readFitsFolderGrid(dir: string, opts: ReadFitsFolderGridOptions): Promise<SpectralGrid> {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  if ((opts.keywords === undefined) === (opts.labelsCsv === undefined)) {
    throw new GridError(
      `readFitsFolderGrid: give exactly one of 'keywords' (header keywords) or 'labelsCsv' (a CSV of labels per file) for '${dir}'`,
    );
  }
  const files = (await readdir(dir)).filter((f) => FITS_NAME.test(f)).sort();
  if (files.length === 0) throw new GridError(`${dir}: no FITS files (*.fits, *.fit, *.fts, optionally .gz)`);
  const csv = opts.labelsCsv ? parseCsv(await readFile(opts.labelsCsv, 'utf8'), opts.labelsCsv) : undefined;
  const keywords = opts.keywords?.map((k) => k.toUpperCase());
  const names = opts.labelNames ?? csv?.names ?? opts.keywords!;
  const L = csv ? csv.names.length : keywords!.length;
  if (names.length !== L) throw new GridError(`readFitsFolderGrid: ${names.length} label names for ${L} labels`);
  const spectra: Array<{ file: string; wavelength: Float64Array; flux: Float32Array }> = [];
  const labels = new Float32Array(files.length * L);
  for (let r = 0; r < files.length; r++) {
    const file = join(dir, files[r]!);
    const s = await readSpectrum(file, { ...opts.read, fileName: files[r]! });
    spectra.push({ file, wavelength: s.wavelength, flux: s.flux });
    if (csv) {
      const v = csv.rows.get(files[r]!);
      if (!v) throw new GridError(`${opts.labelsCsv}: no line for file '${files[r]}'`);
      labels.set(v, r * L);
    } else {
      keywords!.forEach((k, j) => {
        const v = s.meta.header[k];
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new GridError(
            `${file}: header keyword '${k}' is ${v === undefined ? 'missing' : JSON.stringify(v)}; expected a number`,
          );
        labels[r * L + j] = v;
      });
    }
  }
  // default common grid: the first file's pixels inside the range every file covers
  let wavelength = opts.wavelength;
  if (!wavelength) {
    const lo = Math.max(...spectra.map((s) => s.wavelength[0]!));
    const hi = Math.min(...spectra.map((s) => s.wavelength[s.wavelength.length - 1]!));
    wavelength = spectra[0]!.wavelength.filter((w) => w >= lo && w <= hi);
    if (wavelength.length < 2)
      throw new GridError(`${dir}: the spectra share no wavelength range (common ${lo}–${hi} Å); give 'wavelength'`);
  }
  const M = wavelength.length;
  const flux = new Float32Array(files.length * M);
  spectra.forEach((s, r) => {
    const w = s.wavelength;
    if (wavelength[0]! < w[0]! || wavelength[M - 1]! > w[w.length - 1]!) {
      throw new GridError(
        `${s.file}: covers ${w[0]}–${w[w.length - 1]} Å, not the common grid's ${wavelength[0]}–${wavelength[M - 1]} Å`,
      );
    }
    flux.set(interpolateLinear(wavelength, w, s.flux), r * M);
  });
  return {
    labelNames: [...names],
    labels,
    wavelength: Float64Array.from(wavelength),
    flux,
    meta: { source: dir, format: 'fits-folder', files },
  };
}
