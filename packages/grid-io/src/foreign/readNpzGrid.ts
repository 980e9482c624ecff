import { GridError } from '../grid/errors';
import type { SpectralGrid } from '../grid/spectralGrid';
import type { NpyArray } from '../numpy/npyArray';
import { readNpz } from '../numpy/npz';
import { resampleRows } from './resampleRows';

export interface ReadNpzGridOptions {
  /** Label names (default: the archive's `label_names` array of strings when present, else label_0 … label_{L−1}). */
  labelNames?: string[];
  /** Resample every spectrum onto this grid (Å, increasing; linear interpolation, no extrapolation). */
  wavelength?: Float64Array;
  /** Member names (defaults 'labels', 'spectra', 'wavelength', as The Payne's training grids). */
  keys?: { labels?: string; spectra?: string; wavelength?: string };
}

function floatValues(a: NpyArray, file: string, key: string): Float64Array {
  const d = a.data as unknown;
  if (
    d instanceof Float32Array ||
    d instanceof Float64Array ||
    d instanceof Int32Array ||
    d instanceof Int16Array ||
    d instanceof Uint8Array ||
    d instanceof Uint16Array ||
    d instanceof Int8Array ||
    d instanceof Uint32Array
  ) {
    return Float64Array.from(d as ArrayLike<number>);
  }
  throw new GridError(`${file}: array '${key}' must be numeric; got dtype ${a.dtype}`);
}

/**
 * A training grid from a NumPy .npz as The Payne and other codes write it: `labels` (N, L), `spectra` (N, M) and
 * `wavelength` (M,) (also accepted: labels stored (L, N) as The Payne's `training_labels`, recognised when the first axis
 * is not N). Spectra are float32 rows; NaN fluxes are an error naming the row. With `wavelength`, every spectrum is
 * resampled onto that grid (it must lie inside the file's).
 */
export async function readNpzGrid(path: string, opts: ReadNpzGridOptions = {}): Promise<SpectralGrid> {
  const arrays = await readNpz(path);
  const keyL = opts.keys?.labels ?? 'labels';
  const keyS = opts.keys?.spectra ?? 'spectra';
  const keyW = opts.keys?.wavelength ?? 'wavelength';
  for (const k of [keyL, keyS, keyW]) {
    if (!arrays[k])
      throw new GridError(
        `${path}: no array '${k}' (found: ${Object.keys(arrays).join(', ') || 'none'}); a grid .npz needs '${keyL}' (N, L), '${keyS}' (N, M) and '${keyW}' (M,)`,
      );
  }
  const S = arrays[keyS]!;
  const W = arrays[keyW]!;
  const Lb = arrays[keyL]!;
  if (S.shape.length !== 2)
    throw new GridError(`${path}: '${keyS}' must be 2-D (N, M); got shape (${S.shape.join(', ')})`);
  const [N, M] = S.shape as [number, number];
  if (W.shape.length !== 1 || W.shape[0] !== M)
    throw new GridError(
      `${path}: '${keyW}' must have shape (${M},) to match '${keyS}' (${N}, ${M}); got (${W.shape.join(', ')})`,
    );
  let L: number;
  let transposed = false;
  if (Lb.shape.length === 1 && Lb.shape[0] === N) L = 1;
  else if (Lb.shape.length === 2 && Lb.shape[0] === N) L = Lb.shape[1]!;
  else if (Lb.shape.length === 2 && Lb.shape[1] === N) {
    L = Lb.shape[0]!;
    transposed = true;
  } else
    throw new GridError(`${path}: '${keyL}' must have shape (${N}, L) (or (L, ${N})); got (${Lb.shape.join(', ')})`);
  const lv = floatValues(Lb, path, keyL);
  const labels = new Float32Array(N * L);
  for (let r = 0; r < N; r++)
    for (let k = 0; k < L; k++) labels[r * L + k] = transposed ? lv[k * N + r]! : lv[r * L + k]!;
  const flux64 = floatValues(S, path, keyS);
  for (let i = 0; i < flux64.length; i++) {
    if (!Number.isFinite(flux64[i]!))
      throw new GridError(
        `${path}: '${keyS}' row ${Math.floor(i / M)} pixel ${i % M} is ${flux64[i]}; the grid must be finite`,
      );
  }
  const wavelength = floatValues(W, path, keyW);
  let names = opts.labelNames;
  const stored = arrays.label_names;
  if (!names && stored && Array.isArray(stored.data)) names = (stored.data as unknown[]).map(String);
  names ??= Array.from({ length: L }, (_, k) => `label_${k}`);
  if (names.length !== L) throw new GridError(`${path}: ${names.length} label names given for ${L} label columns`);
  const grid: SpectralGrid = {
    labelNames: names,
    labels,
    wavelength,
    flux: Float32Array.from(flux64),
    meta: { source: path, format: 'npz' },
  };
  return opts.wavelength ? resampleRows(grid, opts.wavelength, path) : grid;
}
