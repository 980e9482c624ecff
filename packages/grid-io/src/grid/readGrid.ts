import { openGrid } from './openGrid';
import type { SpectralGrid } from './spectralGrid';

/** Reads a whole grid into memory (path in Node, or the bytes of an Arrow IPC / Parquet file). */
export async function readGrid(input: string | Uint8Array | ArrayBuffer): Promise<SpectralGrid> {
  const handle = await openGrid(input);
  try {
    const L = handle.labelNames.length;
    const M = handle.wavelength.length;
    const N = handle.numRows;
    const grid: SpectralGrid = {
      labelNames: handle.labelNames,
      labels: new Float32Array(N * L),
      wavelength: handle.wavelength,
      flux: new Float32Array(N * M),
      ...(handle.hasIvar ? { ivar: new Float32Array(N * M) } : {}),
      meta: handle.meta,
    };
    let at = 0;
    for await (const b of handle.batches()) {
      const n = b.labels.length / L;
      grid.labels.set(b.labels, at * L);
      grid.flux.set(b.flux, at * M);
      if (grid.ivar) grid.ivar.set(b.ivar!, at * M);
      at += n;
    }
    return grid;
  } finally {
    await handle.close();
  }
}
