// Grids written by other codes: NumPy .npz (The Payne's layout) and folders of FITS spectra, resampled onto one grid.
export { readNpzGrid } from './readNpzGrid';
export type { ReadNpzGridOptions } from './readNpzGrid';
export { readFitsFolderGrid } from './readFitsFolderGrid';
export type { ReadFitsFolderGridOptions } from './readFitsFolderGrid';
export { resampleRows } from './resampleRows';
