import {
  AsyncByteQueue,
  Field,
  FixedSizeList,
  Float32,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  Schema,
  Struct,
  makeData,
  type Data,
} from 'apache-arrow';
import { GridError } from './errors';
import type { ByteSink, GridChunkSource, GridColumns, GridEncoder } from './gridColumns';
import { GRID_METADATA_KEY, decodeGridMetadata, encodeGridMetadata } from './gridMetadata';
import type { GridHeader } from './spectralGrid';

/** Arrow schema of a grid: one Float32 column per label, flux (and ivar) as FixedSizeList<Float32>[M]. */
export function gridArrowSchema(header: GridHeader): Schema {
  const M = header.wavelength.length;
  const list = () => new FixedSizeList(M, new Field('item', new Float32(), false));
  const fields: Field[] = header.labelNames.map((name) => new Field(name, new Float32(), false));
  fields.push(new Field('flux', list(), false));
  if (header.hasIvar) fields.push(new Field('ivar', list(), false));
  return new Schema(fields, new Map([[GRID_METADATA_KEY, encodeGridMetadata(header)]]));
}

function recordBatch(schema: Schema, header: GridHeader, cols: GridColumns, n: number): RecordBatch {
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  const children: Data[] = [];
  for (let j = 0; j < L; j++) {
    const col = new Float32Array(n);
    for (let i = 0; i < n; i++) col[i] = cols.labels[i * L + j]!;
    children.push(makeData({ type: new Float32(), length: n, data: col }));
  }
  const listData = (values: Float32Array, field: Field) => {
    const child = makeData({ type: new Float32(), length: n * M, data: values.subarray(0, n * M) });
    return makeData({ type: field.type as FixedSizeList<Float32>, length: n, nullCount: 0, child });
  };
  children.push(listData(cols.flux, schema.fields[L]!));
  if (header.hasIvar) children.push(listData(cols.ivar!, schema.fields[L + 1]!));
  const data = makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children });
  return new RecordBatch(schema, data);
}

/** An AsyncByteQueue that hands every chunk straight to a synchronous sink (no buffering). */
class SinkQueue extends AsyncByteQueue {
  constructor(private readonly sink: ByteSink) {
    super();
  }
  override write(value: ArrayBufferView | ArrayBufferLike | string): void {
    const bytes = value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer);
    if (bytes.byteLength > 0) this.sink.write(bytes);
  }
}

/** Writes an Arrow IPC *file* (random-access format, "ARROW1" magic), one record batch per chunk. */
export function createArrowEncoder(header: GridHeader, sink: ByteSink): GridEncoder {
  const schema = gridArrowSchema(header);
  const writer = new RecordBatchFileWriter();
  writer.reset(new SinkQueue(sink) as never, schema);
  let wrote = false;
  return {
    writeChunk(cols, n) {
      writer.write(recordBatch(schema, header, cols, n));
      wrote = true;
    },
    finish() {
      if (!wrote)
        writer.write(
          recordBatch(
            schema,
            header,
            {
              labels: new Float32Array(0),
              flux: new Float32Array(0),
              ivar: header.hasIvar ? new Float32Array(0) : undefined,
            },
            0,
          ),
        );
      writer.finish();
    },
  };
}

function float32Column(data: Data, file: string, name: string): Float32Array {
  if (data.nullCount > 0) throw new GridError(`${file}: column '${name}' has ${data.nullCount} nulls; expected none`);
  const values = data.values as ArrayLike<number>;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Number(values[data.offset + i]);
  return out;
}

function listColumn(data: Data, M: number, file: string, name: string): Float32Array {
  const child = data.children[0];
  if (!child || !(child.values instanceof Float32Array) || (data.type as FixedSizeList).listSize !== M) {
    throw new GridError(`${file}: column '${name}' must be FixedSizeList<Float32>[${M}]; got ${String(data.type)}`);
  }
  if (data.nullCount > 0 || child.nullCount > 0)
    throw new GridError(`${file}: column '${name}' has nulls; expected none`);
  const start = child.offset + data.offset * M;
  // A view: each record batch read from a file has its own body buffer.
  return child.values.subarray(start, start + data.length * M);
}

/** Reads the header and record batches of an Arrow IPC file (path handle or bytes) by index. */
export async function openArrowSource(
  input: Uint8Array | import('node:fs/promises').FileHandle,
  file: string,
): Promise<{ header: GridHeader; source: GridChunkSource }> {
  const reader = (await RecordBatchReader.from(input as never)) as unknown as {
    open(): Promise<unknown> | unknown;
    schema: Schema;
    isFile(): boolean;
    numRecordBatches?: number;
    readRecordBatch?(i: number): Promise<RecordBatch | null> | RecordBatch | null;
    [Symbol.asyncIterator]?(): AsyncIterator<RecordBatch>;
    [Symbol.iterator]?(): Iterator<RecordBatch>;
    cancel?(): unknown;
  };
  await reader.open();
  const header = decodeGridMetadata(reader.schema.metadata.get(GRID_METADATA_KEY), file);
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  const names = reader.schema.fields.map((f) => f.name);
  for (const need of [...header.labelNames, 'flux', ...(header.hasIvar ? ['ivar'] : [])]) {
    if (!names.includes(need))
      throw new GridError(`${file}: column '${need}' is missing; columns are [${names.join(', ')}]`);
  }
  const decode = (rb: RecordBatch): GridColumns => {
    const n = rb.numRows;
    const labels = new Float32Array(n * L);
    header.labelNames.forEach((name, j) => {
      const col = float32Column(rb.getChild(name)!.data[0]!, file, name);
      for (let i = 0; i < n; i++) labels[i * L + j] = col[i]!;
    });
    const flux = listColumn(rb.getChild('flux')!.data[0]!, M, file, 'flux');
    const ivar = header.hasIvar ? listColumn(rb.getChild('ivar')!.data[0]!, M, file, 'ivar') : undefined;
    return ivar ? { labels, flux, ivar } : { labels, flux };
  };
  if (!reader.isFile() || !reader.readRecordBatch) {
    throw new GridError(`${file}: Arrow IPC stream format has no random access; write the grid as an Arrow IPC file`);
  }
  const count = reader.numRecordBatches ?? 0;
  const chunkStarts = [0];
  const G = header.rowGroupSize;
  if (G !== undefined && count > 0) {
    // Our writers fill every batch but the last: read only the last one to count the rows.
    const last = await reader.readRecordBatch(count - 1);
    for (let i = 0; i < count - 1; i++) chunkStarts.push((i + 1) * G);
    chunkStarts.push((count - 1) * G + (last ? last.numRows : 0));
  } else {
    for (let i = 0; i < count; i++) {
      const rb = await reader.readRecordBatch(i);
      chunkStarts.push(chunkStarts[i]! + (rb ? rb.numRows : 0));
    }
  }
  return {
    header,
    source: {
      chunkStarts,
      async readChunk(i) {
        const rb = await reader.readRecordBatch!(i);
        if (!rb) throw new GridError(`${file}: record batch ${i} could not be read`);
        const expected = chunkStarts[i + 1]! - chunkStarts[i]!;
        if (rb.numRows !== expected) {
          throw new GridError(
            `${file}: record batch ${i} expected ${expected} rows (rowGroupSize ${G}); got ${rb.numRows}`,
          );
        }
        return decode(rb);
      },
      async close() {
        await reader.cancel?.();
      },
    },
  };
}
