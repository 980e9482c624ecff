import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ArgumentError } from './errors';
import { decodeResultsCsv, encodeResultsCsv } from './resultsCsv';
import type { ResultColumn, ResultRow, ResultsTable } from './resultsTable';

/** Results formats, picked by the extension of the path. */
export type ResultsFormat = 'csv' | 'parquet';

export function resultsFormat(path: string, flag = '--out'): ResultsFormat {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(parquet|pq)$/i.test(path)) return 'parquet';
  throw new ArgumentError(flag, `results file must end in .csv or .parquet; got '${path}'`);
}

/** Type of a results column from its name (labels and their σ are doubles). */
export function columnType(name: string): ResultColumn['type'] {
  if (name === 'id' || name === 'flags' || name === 'notes' || name === 'error') return 'string';
  if (name === 'index' || name === 'pixels_used' || name === 'pixels_lost' || name === 'iterations') return 'int';
  return 'double';
}

/** Parquet bytes of a results table (hyparquet-writer; STRING, INT32 and DOUBLE columns, NaN kept). */
function encodeResultsParquet(table: ResultsTable): ArrayBuffer {
  const type = { string: 'STRING', int: 'INT32', double: 'DOUBLE' } as const;
  return parquetWriteBuffer({
    columnData: table.columns.map((c) => ({
      name: c.name,
      type: type[c.type],
      nullable: false,
      data: table.rows.map((r) => (c.type === 'string' ? String(r[c.name] ?? '') : Number(r[c.name]))),
    })),
    kvMetadata: [{ key: 'astroemu.fit', value: JSON.stringify({ formatVersion: 1 }) }],
  });
}

/** Writes a results table to `path` (.csv or .parquet) atomically: temporary file in the same folder, then rename. */
export async function writeResults(path: string, table: ResultsTable): Promise<void> {
  const bytes = resultsFormat(path) === 'csv' ? encodeResultsCsv(table) : new Uint8Array(encodeResultsParquet(table));
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Reads a results table written by writeResults. */
export async function readResults(path: string): Promise<ResultsTable> {
  const bytes = await readFile(path);
  if (resultsFormat(path) === 'csv') return decodeResultsCsv(bytes.toString('utf8'), path, columnType);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const names = parquetMetadata(buffer)
    .schema.slice(1)
    .map((s) => s.name);
  if (!names.includes('id') || !names.includes('index'))
    throw new ArgumentError(path, `is not an astroemu-fit results file (no 'id' and 'index' columns)`);
  const objects = await parquetReadObjects({ file: buffer });
  const columns = names.map((name) => ({ name, type: columnType(name) }));
  const rows = objects.map(
    (o): ResultRow =>
      Object.fromEntries(
        columns.map((c) => [c.name, c.type === 'string' ? String(o[c.name] ?? '') : Number(o[c.name])]),
      ),
  );
  return { columns, rows };
}
