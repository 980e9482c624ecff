import { encodeBigEndian, storageType } from './encodeArray';
import { FitsError } from './FitsError';
import { formatCard, type FitsWriteCard } from './formatCard';
import type { FitsImageArray, FitsNumericArray } from './types';

/** An image HDU to write (the first HDU, if an image, becomes the primary array). */
export interface FitsWriteImage {
  kind: 'image';
  name?: string;
  /** Pixels, row-major; the array type picks BITPIX (Uint16/Uint32/BigUint64/Int8 use the BZERO conventions). */
  data?: FitsImageArray | null;
  /** C-order shape (slowest axis first, as numpy); defaults to [data.length]. */
  shape?: number[];
  cards?: FitsWriteCard[];
}

/** A binary-table column to write. */
export interface FitsWriteColumn {
  name: string;
  /**
   * Typed array (nrows × repeat values; unsigned types use the TZERO conventions), strings (TFORM A),
   * booleans (TFORM L), or one typed array per row (variable-length, TFORM P with a heap).
   */
  data: FitsImageArray | string[] | boolean[] | FitsNumericArray[];
  /** Elements per row for typed arrays (default 1; for complex, complex numbers per row). */
  repeat?: number;
  unit?: string;
  /** TDIMn in FITS order (fastest axis first). */
  dim?: number[];
  /** Float32/Float64 data holding (re, im) pairs: written as C / M. */
  complex?: boolean;
}

export interface FitsWriteTable {
  kind: 'bintable';
  name?: string;
  columns: FitsWriteColumn[];
  cards?: FitsWriteCard[];
}

export type FitsWriteHdu = FitsWriteImage | FitsWriteTable;

const RESERVED =
  /^(SIMPLE|BITPIX|NAXIS\d*|EXTEND|XTENSION|PCOUNT|GCOUNT|TFIELDS|T(TYPE|FORM|UNIT|DIM|ZERO|SCAL|NULL)\d+|BZERO|BSCALE|THEAP|END|EXTNAME|LONGSTRN)$/;
const FILE = '<output>';

/**
 * Serialise HDUs to a FITS file (2880-byte blocks, big-endian data). A table first gets an empty
 * primary HDU in front. The files pass `fitsverify` and read back with astropy (see the tests).
 */
export function writeFits(hdus: FitsWriteHdu[]): Uint8Array {
  const list: FitsWriteHdu[] = hdus[0]?.kind === 'image' ? hdus : [{ kind: 'image' }, ...hdus];
  const parts: Uint8Array[] = list.map((h, i) => (h.kind === 'image' ? imageHdu(h, i) : tableHdu(h, i)));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function imageHdu(h: FitsWriteImage, index: number): Uint8Array {
  const data = h.data ?? null;
  const shape = data === null ? [] : (h.shape ?? [data.length]);
  const count = shape.reduce((a, b) => a * b, 1);
  if (data !== null && count !== data.length) {
    throw new FitsError('image shape does not match its data', {
      file: FILE,
      hdu: index,
      keyword: 'NAXIS',
      expected: `${data.length} values`,
      got: `shape [${shape.join(', ')}] = ${count}`,
    });
  }
  const t = data === null ? { bitpix: 8 as const, zero: undefined } : storageType(data);
  const cards: FitsWriteCard[] = [
    index === 0
      ? { keyword: 'SIMPLE', value: true, comment: 'conforms to FITS standard' }
      : { keyword: 'XTENSION', value: 'IMAGE', comment: 'image extension' },
    { keyword: 'BITPIX', value: t.bitpix, comment: 'array data type' },
    { keyword: 'NAXIS', value: shape.length, comment: 'number of array dimensions' },
    ...[...shape].reverse().map((n, i) => ({ keyword: `NAXIS${i + 1}`, value: n })),
    ...(index === 0
      ? [{ keyword: 'EXTEND', value: true }]
      : [
          { keyword: 'PCOUNT', value: 0 },
          { keyword: 'GCOUNT', value: 1 },
        ]),
    ...(t.zero === undefined
      ? []
      : [
          { keyword: 'BSCALE', value: 1 },
          { keyword: 'BZERO', value: t.zero },
        ]),
    ...(h.name === undefined ? [] : [{ keyword: 'EXTNAME', value: h.name }]),
  ];
  return assemble(index, cards, h.cards ?? [], data === null ? new Uint8Array(0) : encodeBigEndian(data));
}

interface EncodedColumn {
  tform: string;
  width: number;
  bytes: Uint8Array; // nrows × width
  zero?: bigint;
}

function tableHdu(h: FitsWriteTable, index: number): Uint8Array {
  const ctx = (keyword: string) => ({ file: FILE, hdu: index, keyword });
  const nrows = h.columns.length === 0 ? 0 : rowsOf(h.columns[0]!);
  const heap: Uint8Array[] = [];
  let heapSize = 0;
  const encoded: EncodedColumn[] = h.columns.map((c, i) => {
    if (rowsOf(c) !== nrows)
      throw new FitsError('columns have different numbers of rows', {
        ...ctx(`TTYPE${i + 1}`),
        expected: `${nrows} rows`,
        got: `${rowsOf(c)} in '${c.name}'`,
      });
    const d = c.data;
    if (Array.isArray(d) && (d.length === 0 || typeof d[0] === 'string')) {
      const strs = d as string[];
      const width = Math.max(1, ...strs.map((s) => s.length));
      const bytes = new Uint8Array(nrows * width).fill(32);
      strs.forEach((s, r) => {
        if (!/^[\x20-\x7e]*$/.test(s))
          throw new FitsError('strings must be printable ASCII', {
            ...ctx(`TTYPE${i + 1}`),
            expected: 'characters 0x20–0x7E',
            got: JSON.stringify(s.slice(0, 40)),
          });
        for (let k = 0; k < s.length; k++) bytes[r * width + k] = s.charCodeAt(k);
      });
      return { tform: `${width}A`, width, bytes };
    }
    if (Array.isArray(d) && typeof d[0] === 'boolean') {
      const bytes = Uint8Array.from(d as boolean[], (b) => (b ? 84 : 70));
      return { tform: 'L', width: 1, bytes };
    }
    if (Array.isArray(d)) {
      const rows = d as FitsNumericArray[];
      const t = storageType(rows[0]!);
      const bytes = new Uint8Array(nrows * 8);
      const dv = new DataView(bytes.buffer);
      let max = 0;
      rows.forEach((row, r) => {
        if (storageType(row).code !== t.code)
          throw new FitsError('variable-length rows must share one type', {
            ...ctx(`TFORM${i + 1}`),
            expected: t.code,
            got: storageType(row).code,
          });
        const enc = encodeBigEndian(row);
        dv.setUint32(r * 8, row.length);
        dv.setUint32(r * 8 + 4, heapSize);
        heap.push(enc);
        heapSize += enc.length;
        max = Math.max(max, row.length);
      });
      return { tform: `1P${t.code}(${max})`, width: 8, bytes, ...(t.zero === undefined ? {} : { zero: t.zero }) };
    }
    const t = storageType(d);
    const repeat = c.repeat ?? 1;
    const perRow = c.complex ? 2 * repeat : repeat;
    const code = c.complex ? (t.code === 'E' ? 'C' : t.code === 'D' ? 'M' : undefined) : t.code;
    if (code === undefined)
      throw new FitsError('complex columns must be Float32Array or Float64Array', {
        ...ctx(`TFORM${i + 1}`),
        expected: 'C or M',
        got: t.code,
      });
    return {
      tform: `${repeat}${code}`,
      width: perRow * t.size,
      bytes: encodeBigEndian(d),
      ...(t.zero === undefined ? {} : { zero: t.zero }),
    };
  });
  const rowBytes = encoded.reduce((s, e) => s + e.width, 0);
  const cards: FitsWriteCard[] = [
    { keyword: 'XTENSION', value: 'BINTABLE', comment: 'binary table extension' },
    { keyword: 'BITPIX', value: 8 },
    { keyword: 'NAXIS', value: 2 },
    { keyword: 'NAXIS1', value: rowBytes, comment: 'bytes per row' },
    { keyword: 'NAXIS2', value: nrows, comment: 'number of rows' },
    { keyword: 'PCOUNT', value: heapSize, comment: 'heap size' },
    { keyword: 'GCOUNT', value: 1 },
    { keyword: 'TFIELDS', value: h.columns.length },
  ];
  h.columns.forEach((c, i) => {
    const e = encoded[i]!;
    cards.push({ keyword: `TTYPE${i + 1}`, value: c.name }, { keyword: `TFORM${i + 1}`, value: e.tform });
    if (e.zero !== undefined)
      cards.push({ keyword: `TSCAL${i + 1}`, value: 1 }, { keyword: `TZERO${i + 1}`, value: e.zero });
    if (c.unit !== undefined) cards.push({ keyword: `TUNIT${i + 1}`, value: c.unit });
    if (c.dim !== undefined) cards.push({ keyword: `TDIM${i + 1}`, value: `(${c.dim.join(',')})` });
  });
  if (h.name !== undefined) cards.push({ keyword: 'EXTNAME', value: h.name });
  const data = new Uint8Array(rowBytes * nrows + heapSize);
  let offset = 0;
  for (const e of encoded) {
    for (let r = 0; r < nrows; r++) data.set(e.bytes.subarray(r * e.width, (r + 1) * e.width), r * rowBytes + offset);
    offset += e.width;
  }
  let at = rowBytes * nrows;
  for (const chunk of heap) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return assemble(index, cards, h.cards ?? [], data);
}

function rowsOf(c: FitsWriteColumn): number {
  if (Array.isArray(c.data)) return c.data.length;
  const perRow = (c.repeat ?? 1) * (c.complex ? 2 : 1);
  if (perRow <= 0 || c.data.length % perRow !== 0) {
    throw new FitsError('column length is not a multiple of its repeat count', {
      file: FILE,
      keyword: c.name,
      expected: `a multiple of ${perRow}`,
      got: String(c.data.length),
    });
  }
  return c.data.length / perRow;
}

function assemble(index: number, structural: FitsWriteCard[], user: FitsWriteCard[], data: Uint8Array): Uint8Array {
  for (const c of user) {
    if (RESERVED.test(c.keyword.toUpperCase())) {
      throw new FitsError('reserved keyword in user cards (the writer sets it)', {
        file: FILE,
        hdu: index,
        keyword: c.keyword,
        expected: 'a non-structural keyword',
        got: c.keyword,
      });
    }
  }
  const userImages = user.map((c) => formatCard(c));
  const long = userImages.some((imgs, i) => imgs.length > 1 && typeof user[i]!.value === 'string');
  const images = [
    ...structural.flatMap((c) => formatCard(c)),
    ...(long
      ? formatCard({ keyword: 'LONGSTRN', value: 'OGIP 1.0', comment: 'The OGIP long string convention may be used' })
      : []),
    ...userImages.flat(),
    'END'.padEnd(80),
  ];
  const headerBytes = Math.ceil((images.length * 80) / 2880) * 2880;
  const dataBytes = Math.ceil(data.length / 2880) * 2880;
  const out = new Uint8Array(headerBytes + dataBytes);
  out.fill(32, 0, headerBytes);
  const text = images.join('');
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  out.set(data, headerBytes);
  return out;
}
