import { ArgumentError } from './errors';
import type { ResultColumn, ResultsTable, ResultRow } from './resultsTable';

const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV text of a results table (RFC 4180 quoting; numbers at full precision; NaN as an empty cell). */
export function encodeResultsCsv(table: ResultsTable): string {
  const cell = (c: ResultColumn, v: string | number | undefined) => {
    if (c.type === 'string') return quote(String(v ?? ''));
    return typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : typeof v === 'number' && Math.abs(v) === Infinity
        ? String(v)
        : '';
  };
  const lines = [table.columns.map((c) => quote(c.name)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => cell(c, row[c.name])).join(','));
  return lines.join('\n') + '\n';
}

/** Splits CSV text into records of fields (quoted fields may hold commas, quotes and newlines). */
function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Reads a results CSV written by encodeResultsCsv; column types are inferred from the known names. */
export function decodeResultsCsv(
  text: string,
  file: string,
  typeOf: (name: string) => ResultColumn['type'],
): ResultsTable {
  const [head, ...body] = parseCsvRecords(text);
  if (!head || !head.includes('id') || !head.includes('index'))
    throw new ArgumentError(file, `is not an astroemu-fit results file (no 'id' and 'index' columns)`);
  const columns = head.map((name) => ({ name, type: typeOf(name) }));
  const rows = body.map((rec): ResultRow => {
    const row: ResultRow = {};
    columns.forEach((c, j) => {
      const v = rec[j] ?? '';
      row[c.name] = c.type === 'string' ? v : v === '' ? NaN : Number(v);
    });
    return row;
  });
  return { columns, rows };
}
