import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { GridError } from './errors';
import type { ByteSink, GridChunkSource, GridColumns, GridEncoder } from './gridColumns';
import { GRID_METADATA_KEY, decodeGridMetadata, encodeGridMetadata } from './gridMetadata';
import type { GridHeader } from './spectralGrid';

export type ParquetCompression = 'none' | 'snappy';

/**
 * Parquet schema of a grid: REQUIRED FLOAT per label; flux (and ivar) as the standard 3-level LIST
 * (`<name>` LIST → repeated group `list` → REQUIRED FLOAT `element`), one list of M values per row.
 */
export function gridParquetSchema(header: GridHeader): SchemaElement[] {
  const listColumn = (name: string): SchemaElement[] => [
    { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
  ];
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: header.labelNames.length + (header.hasIvar ? 2 : 1) },
  ];
  for (const name of header.labelNames) schema.push({ name, type: 'FLOAT', repetition_type: 'REQUIRED' });
  schema.push(...listColumn('flux'));
  if (header.hasIvar) schema.push(...listColumn('ivar'));
  return schema;
}

/** A ByteWriter that hands its bytes to a sink whenever more than `chunkBytes` are buffered. */
class SinkWriter extends ByteWriter {
  constructor(
    private readonly sink: ByteSink,
    private readonly chunkBytes = 4 * 1024 * 1024,
  ) {
    super(1024 * 1024);
  }
  override ensure(size: number): void {
    if (this.index > this.chunkBytes) this.flush();
    super.ensure(size);
  }
  flush(): void {
    if (this.index > 0) this.sink.write(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
}

/** Writes a Parquet file with hyparquet-writer, one row group per chunk. */
export function createParquetEncoder(header: GridHeader, sink: ByteSink, compression: ParquetCompression): GridEncoder {
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  const writer = new ParquetWriter({
    writer: new SinkWriter(sink),
    schema: gridParquetSchema(header),
    codec: compression === 'snappy' ? 'SNAPPY' : 'UNCOMPRESSED',
    statistics: false,
    kvMetadata: [{ key: GRID_METADATA_KEY, value: encodeGridMetadata(header) }],
    createdBy: '@astroemu/grid-io',
  });
  const lists = (values: Float32Array, n: number): number[][] => {
    const rows: number[][] = new Array(n);
    for (let i = 0; i < n; i++) rows[i] = Array.from(values.subarray(i * M, (i + 1) * M));
    return rows;
  };
  return {
    async writeChunk(cols, n) {
      if (n === 0) return;
      const columnData: { name: string; data: Float32Array | number[][]; encoding?: 'PLAIN' }[] = header.labelNames.map(
        (name, j) => {
          const col = new Float32Array(n);
          for (let i = 0; i < n; i++) col[i] = cols.labels[i * L + j]!;
          return { name, data: col };
        },
      );
      // PLAIN: spectra rarely repeat values, so skip the dictionary attempt.
      columnData.push({ name: 'flux', data: lists(cols.flux, n), encoding: 'PLAIN' });
      if (header.hasIvar) columnData.push({ name: 'ivar', data: lists(cols.ivar!, n), encoding: 'PLAIN' });
      await writer.write({ columnData, rowGroupSize: n });
    },
    async finish() {
      await writer.finish();
    },
  };
}

function toFloat32Rows(rows: unknown[][], col: number, M: number, file: string, name: string): Float32Array {
  const out = new Float32Array(rows.length * M);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![col] as ArrayLike<number> | null;
    if (!v || v.length !== M) {
      throw new GridError(`${file}: column '${name}' row ${i} must hold ${M} values; got ${v ? v.length : 'null'}`);
    }
    out.set(v, i * M);
  }
  return out;
}

/** Reads the header and row groups of a Parquet grid through hyparquet. */
export async function openParquetSource(
  file: AsyncBuffer,
  name: string,
): Promise<{ header: GridHeader; source: GridChunkSource }> {
  const metadata = await parquetMetadataAsync(file);
  const kv = metadata.key_value_metadata?.find((e) => e.key === GRID_METADATA_KEY)?.value;
  const header = decodeGridMetadata(kv, name);
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  const top = new Set(metadata.schema.slice(1).map((s) => s.name));
  const columns = [...header.labelNames, 'flux', ...(header.hasIvar ? ['ivar'] : [])];
  for (const c of columns) {
    if (!top.has(c)) throw new GridError(`${name}: column '${c}' is missing from the Parquet schema`);
  }
  const chunkStarts = [0];
  for (const rg of metadata.row_groups) chunkStarts.push(chunkStarts[chunkStarts.length - 1]! + Number(rg.num_rows));
  return {
    header,
    source: {
      chunkStarts,
      async readChunk(i) {
        let rows: unknown[][] = [];
        await parquetRead({
          file,
          metadata,
          columns,
          rowStart: chunkStarts[i]!,
          rowEnd: chunkStarts[i + 1]!,
          onComplete: (r: unknown[][]) => {
            rows = r;
          },
        });
        const n = rows.length;
        const labels = new Float32Array(n * L);
        for (let r = 0; r < n; r++) {
          for (let j = 0; j < L; j++) labels[r * L + j] = Number(rows[r]![j]);
        }
        const flux = toFloat32Rows(rows, L, M, name, 'flux');
        const out: GridColumns = { labels, flux };
        if (header.hasIvar) out.ivar = toFloat32Rows(rows, L + 1, M, name, 'ivar');
        return out;
      },
      async close() {},
    },
  };
}
