import { GridError } from '../grid/errors';
import type { SpectralGrid } from '../grid/spectralGrid';
import { withHdf5File } from './hdf5File';
import { resampleRows } from './resampleRows';

export interface ReadHdf5GridOptions {
  /**
   * Label names (default: a `label_names` dataset of strings beside the labels, else a `label_names` attribute of the
   * labels dataset, its group or the root, else label_0 … label_{L−1}).
   */
  labelNames?: string[];
  /** Resample every spectrum onto this grid (Å, increasing; linear interpolation, no extrapolation). */
  wavelength?: Float64Array;
  /** The group holding the datasets (default '/'); relative dataset paths are taken inside it. */
  group?: string;
  /**
   * Dataset paths, absolute ('/grid/labels') or relative to `group` (defaults 'labels', 'spectra' (or 'flux' when there
   * is no 'spectra'), 'wavelength'; `labelNames`: a dataset of strings, see above).
   */
  datasets?: { labels?: string; spectra?: string; wavelength?: string; labelNames?: string };
  /** Bytes of spectra per read (default 64 MiB): bounds what h5wasm stages in its wasm heap at once. */
  readBlockBytes?: number;
}

function join(group: string, path: string): string {
  if (path.startsWith('/')) return path;
  return `${group.replace(/\/+$/, '')}/${path}`.replace(/^(?!\/)/, '/');
}

function parent(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/**
 * A training grid from an HDF5 file (read with h5wasm, the HDF5 C library compiled to wasm): `labels` (N, L) or (N,),
 * `spectra` (N, M) (or `flux`) and `wavelength` (M,), at the root or where `group` / `datasets` say. float32, float64
 * and integer datasets of either byte order, chunked and gzip-compressed ones too. Checked before anything is used:
 * ranks, N and M agreeing across datasets, finite positive strictly increasing wavelengths, finite labels and fluxes;
 * every error names the file and the dataset. With `wavelength`, every spectrum is resampled onto that grid (it must
 * lie inside the file's).
 */
export async function readHdf5Grid(path: string, opts: ReadHdf5GridOptions = {}): Promise<SpectralGrid> {
  const blockBytes = opts.readBlockBytes ?? 64 * 2 ** 20;
  if (!(blockBytes > 0))
    throw new GridError(
      `readHdf5Grid: 'readBlockBytes' must be a positive number of bytes; got ${opts.readBlockBytes}`,
    );
  const group = opts.group ?? '/';
  const pathL = join(group, opts.datasets?.labels ?? 'labels');
  const pathW = join(group, opts.datasets?.wavelength ?? 'wavelength');
  const grid = await withHdf5File(path, (f) => {
    const need = (p: string, alternative?: string) => {
      const ds = f.find(p) ?? (alternative === undefined ? undefined : f.find(alternative));
      if (ds) return { ds, p: ds.path };
      const { group: g, keys } = f.nearestKeys(p);
      throw new GridError(
        `${path}: no dataset '${p}'${alternative ? ` (nor '${alternative}')` : ''} (found in '${g}': ${keys.join(', ') || 'nothing'}); an HDF5 grid needs labels (N, L), spectra (N, M) and wavelength (M,): name them with the 'group' or 'datasets' options`,
      );
    };
    const L_ = need(pathL);
    const S_ = opts.datasets?.spectra
      ? need(join(group, opts.datasets.spectra))
      : need(join(group, 'spectra'), join(group, 'flux'));
    const W_ = need(pathW);
    // shapes first: nothing is read from a file whose datasets do not fit together
    const sS = S_.ds.shape ?? [];
    if (sS.length !== 2)
      throw new GridError(`${path}: dataset '${S_.p}' must be 2-D (N, M); got shape (${sS.join(', ')})`);
    const [N, M] = sS as [number, number];
    const sW = W_.ds.shape ?? [];
    if (sW.length !== 1)
      throw new GridError(`${path}: dataset '${W_.p}' must be 1-D (M,) = (${M},); got shape (${sW.join(', ')})`);
    if (sW[0] !== M)
      throw new GridError(
        `${path}: dataset '${W_.p}' has ${sW[0]} wavelengths but '${S_.p}' has ${M} pixels per spectrum (shape (${N}, ${M}))`,
      );
    const sL = L_.ds.shape ?? [];
    if (sL.length !== 1 && sL.length !== 2)
      throw new GridError(`${path}: dataset '${L_.p}' must be 2-D (N, L); got shape (${sL.join(', ')})`);
    if (sL[0] !== N)
      throw new GridError(
        `${path}: dataset '${L_.p}' has ${sL[0]} rows but '${S_.p}' has ${N} spectra; expected labels of shape (${N}, L)`,
      );
    const L = sL.length === 2 ? sL[1]! : 1;

    const wavelength = Float64Array.from(f.numbers(W_.ds, W_.p).data);
    for (let i = 0; i < M; i++) {
      const w = wavelength[i]!;
      if (!Number.isFinite(w) || w <= 0)
        throw new GridError(`${path}: dataset '${W_.p}' pixel ${i} is ${w}; expected finite wavelengths > 0 Å`);
      if (i > 0 && w <= wavelength[i - 1]!)
        throw new GridError(
          `${path}: dataset '${W_.p}' is not strictly increasing: pixel ${i} (${w} Å) ≤ pixel ${i - 1} (${wavelength[i - 1]} Å)`,
        );
    }
    const lv = f.numbers(L_.ds, L_.p).data;
    const labels = lv instanceof Float32Array ? lv : Float32Array.from(lv);
    for (let i = 0; i < labels.length; i++)
      if (!Number.isFinite(labels[i]!))
        throw new GridError(
          `${path}: dataset '${L_.p}' row ${Math.floor(i / L)} column ${i % L} is ${lv[i]}; labels must be finite`,
        );
    const flux = f.float32Rows(S_.ds, S_.p, blockBytes);
    for (let i = 0; i < flux.length; i++)
      if (!Number.isFinite(flux[i]!))
        throw new GridError(
          `${path}: dataset '${S_.p}' row ${Math.floor(i / M)} pixel ${i % M} is ${flux[i]} (as float32); the grid must be finite`,
        );

    let names = opts.labelNames;
    if (!names && opts.datasets?.labelNames) {
      const p = join(group, opts.datasets.labelNames);
      names = f.strings(p);
      if (!names) throw new GridError(`${path}: no dataset '${p}' of label names`);
    }
    const home = parent(L_.p);
    names ??=
      f.strings(join(home, 'label_names')) ??
      f.strings(L_.p, 'label_names') ??
      f.strings(home, 'label_names') ??
      f.strings('/', 'label_names') ??
      Array.from({ length: L }, (_, k) => `label_${k}`);
    if (names.length !== L)
      throw new GridError(
        `${path}: ${names.length} label names (${names.join(', ')}) for ${L} label columns of '${L_.p}'`,
      );
    return {
      labelNames: [...names],
      labels,
      wavelength,
      flux,
      meta: { source: path, format: 'hdf5', datasets: { labels: L_.p, spectra: S_.p, wavelength: W_.p } },
    } satisfies SpectralGrid;
  });
  return opts.wavelength ? resampleRows(grid, opts.wavelength, path) : grid;
}
