// Grids written by other codes: NumPy .npz (The Payne's layout), HDF5 and folders of FITS spectra, resampled onto one grid.
export { readNpzGrid } from './readNpzGrid';
export type { ReadNpzGridOptions } from './readNpzGrid';
export { readHdf5Grid } from './readHdf5Grid';
export type { ReadHdf5GridOptions } from './readHdf5Grid';
export { readFitsFolderGrid } from './readFitsFolderGrid';
export type { ReadFitsFolderGridOptions } from './readFitsFolderGrid';
export { resampleRows } from './resampleRows';
