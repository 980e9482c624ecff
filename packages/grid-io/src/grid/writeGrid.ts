import { createGridWriter, gridEncoder, type GridWriterOptions } from './createGridWriter';
import { GridError } from './errors';
import { MemorySink } from './gridColumns';
import { defaultRowGroupSize, type GridFormat } from './gridFormat';
import { GridRowWriter } from './gridRowWriter';
import type { ParquetCompression } from './parquetGrid';
import { validateHeader, type GridBatch, type GridHeader, type SpectralGrid } from './spectralGrid';

export interface WriteGridOptions extends Partial<GridWriterOptions> {}

export interface WriteGridResult {
  path: string;
  format: GridFormat;
  numRows: number;
}

function isSpectralGrid(x: unknown): x is SpectralGrid {
  return (
    typeof x === 'object' &&
    x !== null &&
    'flux' in x &&
    'labels' in x &&
    !(Symbol.asyncIterator in x) &&
    !(Symbol.iterator in x)
  );
}

/**
 * Writes a whole grid, or streams batches from an (async) iterable, to `path` (Node only), atomically.
 * For an iterable, labelNames/wavelength/meta come from the options or from the first batch.
 */
export async function writeGrid(
  path: string,
  data: SpectralGrid | Iterable<GridBatch> | AsyncIterable<GridBatch>,
  options: WriteGridOptions = {},
): Promise<WriteGridResult> {
  const iterable: AsyncIterable<GridBatch> | Iterable<GridBatch> = isSpectralGrid(data) ? [data] : data;
  let writer: Awaited<ReturnType<typeof createGridWriter>> | undefined;
  try {
    for await (const batch of iterable) {
      if (!writer) {
        const labelNames = options.labelNames ?? batch.labelNames;
        const wavelength = options.wavelength ?? batch.wavelength;
        if (!labelNames || !wavelength) {
          throw new GridError(
            `${path}: 'labelNames' and 'wavelength' must be given in the options or in the first batch`,
          );
        }
        writer = await createGridWriter(path, {
          ...options,
          labelNames,
          wavelength,
          meta: options.meta ?? batch.meta ?? {},
          ivar: options.ivar ?? batch.ivar !== undefined,
        });
      }
      await writer.write(batch);
    }
    if (!writer) throw new GridError(`${path}: no batches to write; the iterable was empty`);
    await writer.close();
    return { path, format: writer.format, numRows: writer.numRows };
  } catch (e) {
    await writer?.abort();
    throw e;
  }
}

/** Encodes a whole grid into the bytes of an Arrow IPC file or a Parquet file (works in browsers). */
export async function encodeGrid(
  grid: SpectralGrid,
  options: { format: GridFormat; rowGroupSize?: number; compression?: ParquetCompression },
): Promise<Uint8Array> {
  const header: GridHeader = {
    labelNames: grid.labelNames,
    wavelength: grid.wavelength,
    meta: grid.meta ?? {},
    hasIvar: grid.ivar !== undefined,
    rowGroupSize: options.rowGroupSize ?? defaultRowGroupSize(grid.wavelength.length),
  };
  if (options.format !== 'arrow' && options.format !== 'parquet') {
    throw new GridError(
      `encodeGrid: option 'format' must be 'arrow' or 'parquet'; got ${JSON.stringify(options.format)}`,
    );
  }
  validateHeader(header, 'encodeGrid');
  const sink = new MemorySink();
  const rows = new GridRowWriter(
    header,
    gridEncoder(header, options.format, sink, options.compression),
    header.rowGroupSize!,
    'encodeGrid',
  );
  await rows.write(grid);
  await rows.finish();
  return sink.toBytes();
}
