import { createArrowEncoder } from './arrowGrid';
import { GridError } from './errors';
import type { ByteSink, GridEncoder } from './gridColumns';
import { defaultRowGroupSize, resolveGridFormat, type GridFormat } from './gridFormat';
import { GridRowWriter } from './gridRowWriter';
import { loadFs, loadFsPromises, tempPathFor } from './nodeFs';
import { createParquetEncoder, type ParquetCompression } from './parquetGrid';
import { validateHeader, type GridBatch, type GridHeader } from './spectralGrid';

export interface GridWriterOptions {
  labelNames: string[];
  wavelength: Float64Array;
  meta?: Record<string, unknown>;
  /** Whether batches carry `ivar` (default false). */
  ivar?: boolean;
  /** Default: from the extension (.parquet/.pq, .arrow/.feather/.ipc). */
  format?: GridFormat;
  /** Rows per Parquet row group / Arrow record batch (default: ≈16 MB of flux per group). */
  rowGroupSize?: number;
  /** Parquet page compression (default 'none': float spectra barely compress). */
  compression?: ParquetCompression;
}

export interface GridWriter {
  readonly path: string;
  readonly format: GridFormat;
  /** Rows written so far. */
  readonly numRows: number;
  /** Appends rows; memory stays bounded by one row group. */
  write(batch: GridBatch): Promise<void>;
  /** Finishes the file and renames it into place. */
  close(): Promise<void>;
  /** Discards the temporary file; nothing is left at `path`. */
  abort(): Promise<void>;
}

export function gridEncoder(
  header: GridHeader,
  format: GridFormat,
  sink: ByteSink,
  compression: ParquetCompression = 'none',
): GridEncoder {
  return format === 'parquet' ? createParquetEncoder(header, sink, compression) : createArrowEncoder(header, sink);
}

/**
 * Opens a streaming grid writer (Node only): rows go to a temporary file in the same folder, which
 * `close()` renames to `path`. A generator can stream any number of spectra without holding them.
 */
export async function createGridWriter(path: string, options: GridWriterOptions): Promise<GridWriter> {
  const format = resolveGridFormat(path, options.format);
  const header: GridHeader = {
    labelNames: [...options.labelNames],
    wavelength: options.wavelength,
    meta: options.meta ?? {},
    hasIvar: options.ivar === true,
    rowGroupSize: options.rowGroupSize ?? defaultRowGroupSize(options.wavelength.length),
  };
  validateHeader(header, path);
  const fs = await loadFs();
  const fsp = await loadFsPromises();
  const tmp = tempPathFor(path);
  const fd = fs.openSync(tmp, 'w');
  let open = true;
  const sink: ByteSink = {
    write(bytes) {
      let off = 0;
      while (off < bytes.byteLength) off += fs.writeSync(fd, bytes, off, bytes.byteLength - off);
    },
  };
  const rows = new GridRowWriter(
    header,
    gridEncoder(header, format, sink, options.compression),
    header.rowGroupSize!,
    path,
  );
  const abort = async () => {
    if (open) fs.closeSync(fd);
    open = false;
    await fsp.rm(tmp, { force: true });
  };
  return {
    path,
    format,
    get numRows() {
      return rows.numRows;
    },
    async write(batch) {
      if (!open) throw new GridError(`${path}: write() after close() or abort()`);
      await rows.write(batch);
    },
    async close() {
      if (!open) throw new GridError(`${path}: close() called twice or after abort()`);
      try {
        await rows.finish();
        fs.closeSync(fd);
        open = false;
        await fsp.rename(tmp, path);
      } catch (e) {
        await abort();
        throw e;
      }
    },
    abort,
  };
}
