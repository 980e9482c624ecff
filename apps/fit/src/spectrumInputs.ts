import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  airToVacuum,
  openGrid,
  readSpectrum,
  vacuumToAir,
  type GridHandle,
  type WavelengthMedium,
} from '@astroemu/grid-io';
import type { ObservedSpectrum } from '@astroemu/inference';
import { ArgumentError } from './errors';

/** A spectrum ready for fitSpectra, or why it could not be read. */
export type LoadedSpectrum =
  | { ok: true; spectrum: ObservedSpectrum & { wavelength: Float64Array } }
  | { ok: false; error: string };

/** The full, ordered list of input spectra (FITS files and grid rows, in command-line order). */
export interface SpectrumInputs {
  /** One id per input: the FITS path as given, or `grid.parquet#row`. */
  ids: string[];
  /** Reads the inputs at these positions (never throws for one bad spectrum: it becomes `ok: false`). */
  load(positions: readonly number[]): Promise<LoadedSpectrum[]>;
  close(): Promise<void>;
}

export interface InputOptions {
  /** S/N assumed (ivar = snr²) where a file has no ivar/error. */
  snr: number;
  /** The emulator's medium: spectra in the other known medium are converted. */
  medium: WavelengthMedium | undefined;
  /** Called once per source without ivar. */
  warn: (line: string) => void;
}

const GRID_EXTENSIONS = /\.(parquet|pq|arrow|feather|ipc)$/i;

type Source = { kind: 'fits'; path: string } | { kind: 'grid'; path: string; handle: GridHandle; row: number };

/** Opens `--spectra`: FITS files (any layout readSpectrum knows, .gz too) and Parquet/Arrow grids (one spectrum per row). */
export async function openSpectrumInputs(paths: readonly string[], options: InputOptions): Promise<SpectrumInputs> {
  const sources: Source[] = [];
  const handles: GridHandle[] = [];
  const warned = new Set<string>();
  for (const path of paths) {
    if (!GRID_EXTENSIONS.test(path)) {
      sources.push({ kind: 'fits', path });
      continue;
    }
    try {
      await access(path);
    } catch {
      throw new ArgumentError('--spectra', `grid file '${path}' does not exist`);
    }
    const handle = await openGrid(path);
    handles.push(handle);
    for (let row = 0; row < handle.numRows; row++) sources.push({ kind: 'grid', path, handle, row });
  }
  const ids = sources.map((s) => (s.kind === 'fits' ? s.path : `${basename(s.path)}#${s.row}`));
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined)
    throw new ArgumentError('--spectra', `lists '${duplicate}' twice; every spectrum needs a unique id`);

  const toMedium = (wavelength: Float64Array, medium: string | undefined): Float64Array => {
    if (
      medium === options.medium ||
      options.medium === undefined ||
      options.medium === 'unknown' ||
      medium === undefined ||
      medium === 'unknown'
    )
      return wavelength;
    return options.medium === 'vacuum' ? airToVacuum(wavelength) : vacuumToAir(wavelength);
  };
  const ivarFor = (source: string, n: number, ivar: ArrayLike<number> | undefined): ArrayLike<number> => {
    if (ivar !== undefined) return ivar;
    if (!warned.has(source)) {
      warned.add(source);
      options.warn(`${source}: no inverse variance in the file; assuming S/N ${options.snr} per pixel (--snr)`);
    }
    return new Float32Array(n).fill(options.snr * options.snr);
  };

  return {
    ids,
    async load(positions) {
      const out: LoadedSpectrum[] = new Array(positions.length);
      // Grid rows: one rows() call per grid file.
      const byGrid = new Map<GridHandle, number[]>();
      positions.forEach((p, k) => {
        const s = sources[p]!;
        if (s.kind === 'grid') byGrid.set(s.handle, [...(byGrid.get(s.handle) ?? []), k]);
      });
      for (const [handle, ks] of byGrid) {
        const rows = ks.map((k) => (sources[positions[k]!] as { row: number }).row);
        const path = (sources[positions[ks[0]!]!] as { path: string }).path;
        const grid = await handle.rows(rows);
        const M = grid.wavelength.length;
        const wavelength = toMedium(grid.wavelength, grid.meta.medium as string | undefined);
        ks.forEach((k, j) => {
          const flux = grid.flux.subarray(j * M, (j + 1) * M);
          const ivar = ivarFor(path, M, grid.ivar?.subarray(j * M, (j + 1) * M));
          out[k] = { ok: true, spectrum: { wavelength, flux, ivar } };
        });
      }
      for (let k = 0; k < positions.length; k++) {
        const s = sources[positions[k]!]!;
        if (s.kind !== 'fits') continue;
        try {
          const sp = await readSpectrum(s.path);
          out[k] = {
            ok: true,
            spectrum: {
              wavelength: toMedium(sp.wavelength, sp.medium),
              flux: sp.flux,
              ivar: ivarFor(s.path, sp.flux.length, sp.ivar),
              ...(sp.mask ? { mask: sp.mask } : {}),
            },
          };
        } catch (e) {
          out[k] = { ok: false, error: `cannot read ${s.path}: ${(e as Error).message}` };
        }
      }
      return out;
    },
    async close() {
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}
