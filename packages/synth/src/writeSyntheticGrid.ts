import type { SyntheticGrid } from './makeGrid';

export interface WriteSyntheticGridOptions {
  /** 'parquet' or 'arrow'; default from the file extension (grid-io's rule). */
  format?: 'parquet' | 'arrow';
  /** Spectra generated and written per batch; default 256. */
  batchSize?: number;
  /** Called after each batch with the rows done so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Generate every spectrum of a virtual grid and stream it to a Parquet or Arrow IPC file in
 * @astroemu/grid-io's grid format (Node only; memory stays at one batch).
 */
export async function writeSyntheticGrid(
  grid: SyntheticGrid,
  path: string,
  opts: WriteSyntheticGridOptions = {},
): Promise<{ path: string; numRows: number }> {
  const { writeGrid } = await import('@astroemu/grid-io');
  const size = opts.batchSize ?? 256;
  async function* stream() {
    let done = 0;
    for (const b of grid.batches(size)) {
      yield b;
      done += b.labels.length / b.labelNames.length;
      opts.onProgress?.(done, grid.n);
    }
  }
  const res = await writeGrid(path, stream(), {
    labelNames: grid.labelNames,
    wavelength: grid.wavelength,
    meta: grid.meta,
    ...(opts.format ? { format: opts.format } : {}),
  });
  return { path: res.path, numRows: res.numRows };
}
