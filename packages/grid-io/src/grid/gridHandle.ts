import { GridError } from './errors';
import type { GridChunkSource, GridColumns } from './gridColumns';
import type { GridFormat } from './gridFormat';
import type { GridHeader, SpectralGrid } from './spectralGrid';

/** An open grid file: header in memory, rows read on demand (by chunk). */
export interface GridHandle {
  readonly format: GridFormat;
  readonly numRows: number;
  readonly labelNames: string[];
  readonly wavelength: Float64Array;
  readonly meta: Record<string, unknown>;
  readonly hasIvar: boolean;
  /** Rows per stored chunk (Parquet row group / Arrow record batch). */
  readonly chunkSizes: number[];
  /** Iterates all rows in order, `batchSize` rows at a time (default: as stored). Memory: one chunk + one batch. */
  batches(batchSize?: number): AsyncIterable<SpectralGrid>;
  /** Rows at `indices` (any order, repeats allowed), in that order. Reads each needed chunk once. */
  rows(indices: ArrayLike<number>): Promise<SpectralGrid>;
  close(): Promise<void>;
}

export function createGridHandle(
  format: GridFormat,
  header: GridHeader,
  source: GridChunkSource,
  file: string,
  onClose: () => Promise<void>,
): GridHandle {
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  const starts = source.chunkStarts;
  const numRows = starts[starts.length - 1]!;
  let closed = false;
  let cache: { index: number; cols: GridColumns } | undefined;

  const chunk = async (i: number): Promise<GridColumns> => {
    if (closed) throw new GridError(`${file}: the grid handle is closed`);
    if (cache?.index !== i) cache = { index: i, cols: await source.readChunk(i) };
    return cache.cols;
  };
  const make = (n: number): SpectralGrid => ({
    labelNames: header.labelNames,
    labels: new Float32Array(n * L),
    wavelength: header.wavelength,
    flux: new Float32Array(n * M),
    ...(header.hasIvar ? { ivar: new Float32Array(n * M) } : {}),
    meta: header.meta,
  });
  const copyRows = (dst: SpectralGrid, at: number, src: GridColumns, from: number, count: number) => {
    dst.labels.set(src.labels.subarray(from * L, (from + count) * L), at * L);
    dst.flux.set(src.flux.subarray(from * M, (from + count) * M), at * M);
    if (dst.ivar) dst.ivar.set(src.ivar!.subarray(from * M, (from + count) * M), at * M);
  };
  const chunkOf = (row: number): number => {
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  return {
    format,
    numRows,
    labelNames: header.labelNames,
    wavelength: header.wavelength,
    meta: header.meta,
    hasIvar: header.hasIvar,
    chunkSizes: starts.slice(1).map((s, i) => s - starts[i]!),
    batches(batchSize?: number): AsyncIterable<SpectralGrid> {
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
        throw new GridError(`${file}: argument 'batchSize' of batches() must be a positive integer; got ${batchSize}`);
      }
      return {
        async *[Symbol.asyncIterator]() {
          let out: SpectralGrid | undefined;
          let fill = 0;
          for (let c = 0; c < starts.length - 1; c++) {
            const cols = await source.readChunk(c);
            const n = starts[c + 1]! - starts[c]!;
            if (batchSize === undefined) {
              const b = make(n);
              copyRows(b, 0, cols, 0, n);
              yield b;
              continue;
            }
            let at = 0;
            while (at < n) {
              out ??= make(Math.min(batchSize, numRows - (starts[c]! + at) + fill));
              const take = Math.min(batchSize - fill, n - at);
              copyRows(out, fill, cols, at, take);
              fill += take;
              at += take;
              if (fill === out.labels.length / L) {
                yield out;
                out = undefined;
                fill = 0;
              }
            }
          }
        },
      };
    },
    async rows(indices) {
      const k = indices.length;
      const order: number[] = new Array(k);
      for (let i = 0; i < k; i++) {
        const r = indices[i]!;
        if (!Number.isInteger(r) || r < 0 || r >= numRows) {
          throw new GridError(
            `${file}: argument 'indices' of rows() must hold row numbers in [0, ${numRows}); indices[${i}] = ${r}`,
          );
        }
        order[i] = i;
      }
      order.sort((a, b) => indices[a]! - indices[b]!);
      const out = make(k);
      for (const i of order) {
        const r = indices[i]!;
        const c = chunkOf(r);
        copyRows(out, i, await chunk(c), r - starts[c]!, 1);
      }
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      cache = undefined;
      await source.close();
      await onClose();
    },
  };
}
