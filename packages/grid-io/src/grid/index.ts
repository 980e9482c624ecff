// Grids of spectra in Arrow IPC / Parquet: schema, streaming writer, lazy reader, splits.
export { GridError } from './errors';
export type { SpectralGrid, GridBatch } from './spectralGrid';
export type { GridFormat } from './gridFormat';
export { GRID_METADATA_KEY, GRID_FORMAT_VERSION } from './gridMetadata';
export { createGridWriter } from './createGridWriter';
export type { GridWriter, GridWriterOptions } from './createGridWriter';
export { writeGrid, encodeGrid } from './writeGrid';
export type { WriteGridOptions, WriteGridResult } from './writeGrid';
export { openGrid } from './openGrid';
export type { GridHandle } from './gridHandle';
export { readGrid } from './readGrid';
export { splitIndices } from './splitIndices';
export type { SplitOptions } from './splitIndices';
export type { ParquetCompression } from './parquetGrid';
