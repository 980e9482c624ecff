import { decodeImage, isUnsignedConvention, bigEndianCopy, viewRaw, type Bitpix } from './decodeImage';
import { FitsError } from './FitsError';
import type { FitsHeader } from './FitsHeader';
import { optionalInt, optionalNumber, type HduContext } from './headerKeywords';
import { parseTform, TFORM_SIZE } from './parseTform';
import type { FitsColumn, FitsNumericArray } from './types';

export interface TableLayout {
  dataOffset: number;
  rowBytes: number;
  nrows: number;
  /** PCOUNT: bytes after the main table (gap + heap). */
  pcount: number;
}

const INT_BITPIX: Record<string, Bitpix> = { I: 16, J: 32, K: 64 };

/** Decode every column of a BINTABLE whose bytes were already checked to lie inside the file. */
export function decodeBinaryTable(
  bytes: Uint8Array,
  header: FitsHeader,
  layout: TableLayout,
  ctx: HduContext,
): FitsColumn[] {
  const tfields = optionalInt(header, 'TFIELDS', ctx, 0, 999, 0);
  const mainBytes = layout.rowBytes * layout.nrows;
  const theap = optionalInt(header, 'THEAP', ctx, mainBytes, mainBytes + layout.pcount, mainBytes);
  const heap = { start: layout.dataOffset + theap, end: layout.dataOffset + mainBytes + layout.pcount };
  const columns: FitsColumn[] = [];
  let offsetInRow = 0;
  for (let i = 1; i <= tfields; i++) {
    const keyword = `TFORM${i}`;
    const tformText = header.get(keyword);
    if (typeof tformText !== 'string') {
      throw new FitsError('column format missing', {
        ...ctx,
        keyword,
        expected: 'a TFORM string',
        got: String(tformText),
      });
    }
    const tf = parseTform(tformText, keyword, ctx);
    if (offsetInRow + tf.width > layout.rowBytes) {
      throw new FitsError('columns are wider than the row', {
        ...ctx,
        keyword,
        expected: `≤ NAXIS1 = ${layout.rowBytes} bytes per row`,
        got: `${offsetInRow + tf.width}`,
      });
    }
    const tscal = optionalNumber(header, `TSCAL${i}`, ctx);
    const tzero = optionalNumber(header, `TZERO${i}`, ctx);
    const tnull = optionalNumber(header, `TNULL${i}`, ctx);
    const name = header.string(`TTYPE${i}`) ?? `col${i}`;
    const unit = header.string(`TUNIT${i}`);
    const scaling = { tscal: tscal === undefined ? 1 : Number(tscal), tzero: tzero ?? 0 };
    const cells = gather(bytes, layout, offsetInRow, tf.width);
    let data: FitsColumn['data'];
    let shape: number[] = tf.repeat === 1 || tf.code === 'A' ? [layout.nrows] : [layout.nrows, tf.repeat];
    if (tf.code === 'P' || tf.code === 'Q') {
      data = decodeVariable(bytes, cells, layout.nrows, tf.code, tf.elementCode!, scaling, heap, { ...ctx, keyword });
      shape = [layout.nrows];
    } else {
      data = decodeCells(cells, tf.code, tf.repeat, layout.nrows, scaling);
      const dims = parseTdim(header.string(`TDIM${i}`));
      if (dims !== undefined && tf.code !== 'A' && dims.reduce((a, b) => a * b, 1) === tf.repeat) {
        shape = [layout.nrows, ...dims.reverse()];
      }
    }
    columns.push({
      name,
      tform: tformText,
      code: tf.code,
      ...(tf.elementCode === undefined ? {} : { elementCode: tf.elementCode }),
      ...(unit === undefined ? {} : { unit }),
      repeat: tf.repeat,
      shape,
      data,
      ...(tscal === undefined ? {} : { tscal: Number(tscal) }),
      ...(tzero === undefined ? {} : { tzero }),
      ...(tnull === undefined ? {} : { tnull }),
    });
    offsetInRow += tf.width;
  }
  return columns;
}

function gather(bytes: Uint8Array, layout: TableLayout, offsetInRow: number, width: number): Uint8Array {
  const out = new Uint8Array(layout.nrows * width);
  if (width === 0) return out;
  for (let r = 0; r < layout.nrows; r++) {
    const at = layout.dataOffset + r * layout.rowBytes + offsetInRow;
    out.set(bytes.subarray(at, at + width), r * width);
  }
  return out;
}

interface ColumnScaling {
  tscal: number;
  tzero: number | bigint;
}

/** Decode `nrows × repeat` elements of one type code from contiguous big-endian cells. */
function decodeCells(
  cells: Uint8Array,
  code: string,
  repeat: number,
  nrows: number,
  s: ColumnScaling,
): FitsColumn['data'] {
  const n = nrows * repeat;
  switch (code) {
    case 'L': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = cells[i] === 84 ? 1 : 0; // 'T'
      return out;
    }
    case 'X': {
      const out = new Uint8Array(n);
      const w = Math.ceil(repeat / 8);
      for (let r = 0; r < nrows; r++) {
        for (let j = 0; j < repeat; j++) out[r * repeat + j] = (cells[r * w + (j >> 3)]! >> (7 - (j & 7))) & 1;
      }
      return out;
    }
    case 'A': {
      const out: string[] = [];
      for (let r = 0; r < nrows; r++) out.push(asciiCell(cells, r * repeat, repeat));
      return out;
    }
    case 'B':
    case 'I':
    case 'J':
    case 'K': {
      const bitpix = code === 'B' ? 8 : INT_BITPIX[code]!;
      if (isUnsignedConvention(bitpix, s.tscal, s.tzero))
        return decodeImage(cells, 0, n, bitpix, { bscale: 1, bzero: s.tzero });
      return scaleFloat64(viewRaw(bigEndianCopy(cells, 0, n, TFORM_SIZE[code]!), bitpix), s);
    }
    case 'E':
    case 'C':
      return scaleFloat64(viewRaw(bigEndianCopy(cells, 0, code === 'C' ? 2 * n : n, 4), -32), s);
    default: // 'D', 'M'
      return scaleFloat64(viewRaw(bigEndianCopy(cells, 0, code === 'M' ? 2 * n : n, 8), -64), s);
  }
}

function scaleFloat64(raw: FitsNumericArray, s: ColumnScaling): FitsNumericArray {
  const zero = Number(s.tzero);
  if (s.tscal === 1 && zero === 0) return raw;
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]!) * s.tscal + zero;
  return out;
}

function asciiCell(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = at; i < at + n; i++) {
    const c = b[i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s.trimEnd();
}

function decodeVariable(
  bytes: Uint8Array,
  cells: Uint8Array,
  nrows: number,
  code: string,
  element: string,
  s: ColumnScaling,
  heap: { start: number; end: number },
  ctx: HduContext & { keyword: string },
): FitsColumn['data'] {
  const dv = new DataView(cells.buffer, cells.byteOffset, cells.byteLength);
  const size = TFORM_SIZE[element]!;
  const out: (FitsNumericArray | string)[] = [];
  for (let r = 0; r < nrows; r++) {
    const count = code === 'P' ? dv.getUint32(r * 8) : Number(dv.getBigUint64(r * 16));
    const offset = code === 'P' ? dv.getUint32(r * 8 + 4) : Number(dv.getBigUint64(r * 16 + 8));
    const nbytes = element === 'X' ? Math.ceil(count / 8) : count * size;
    const at = heap.start + offset;
    if (at + nbytes > heap.end) {
      throw new FitsError(`variable-length array of row ${r + 1} lies outside the heap`, {
        ...ctx,
        expected: `offset + size ≤ ${heap.end - heap.start} heap bytes`,
        got: `offset ${offset} + ${nbytes} bytes`,
      });
    }
    const cell = bytes.slice(at, at + nbytes);
    out.push(
      element === 'A' ? asciiCell(cell, 0, count) : (decodeCells(cell, element, count, 1, s) as FitsNumericArray),
    );
  }
  return out as FitsColumn['data'];
}

function parseTdim(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*\(([\d\s,]+)\)\s*$/.exec(text);
  if (m === null) return undefined;
  const dims = m[1]!.split(',').map((d) => Number(d.trim()));
  return dims.every((d) => Number.isSafeInteger(d) && d > 0) ? dims : undefined;
}
