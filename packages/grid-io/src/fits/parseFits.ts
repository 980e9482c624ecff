import { decodeBinaryTable } from './decodeBinaryTable';
import { decodeImage, type Bitpix } from './decodeImage';
import { FitsError } from './FitsError';
import type { FitsHeader } from './FitsHeader';
import { gunzip, isGzip } from './gunzip';
import { describe, optionalInt, optionalNumber, requireInt, type HduContext } from './headerKeywords';
import { toBytes } from './loadBytes';
import { BLOCK, parseHeader } from './parseHeader';
import type { FitsHdu, ReadFitsOptions } from './types';

const BITPIX_VALUES = new Set([8, 16, 32, 64, -32, -64]);
const MAX_DIM = Number.MAX_SAFE_INTEGER;

/**
 * Parse a whole FITS file (or a gzip-compressed one, detected by its magic bytes) held in memory.
 * Every size is checked against the bytes present before anything is allocated.
 */
export function parseFits(src: Uint8Array | ArrayBuffer, opts: ReadFitsOptions = {}): FitsHdu[] {
  const file = opts.fileName ?? '<buffer>';
  let bytes = toBytes(src);
  if (isGzip(bytes)) bytes = gunzip(bytes, file);
  if (bytes.length === 0) throw new FitsError('empty file', { file, expected: 'a FITS header', got: '0 bytes' });
  const hdus: FitsHdu[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const index = hdus.length;
    if (index > 0 && !startsWith(bytes, offset, 'XTENSION')) {
      if (bytes.length - offset < BLOCK || isBlank(bytes, offset)) break; // trailing padding / junk after the last HDU
      throw new FitsError('bytes after the last HDU do not start a new extension', {
        file,
        hdu: index,
        keyword: 'XTENSION',
        expected: "'XTENSION=' at the start of a block",
        got: JSON.stringify(ascii(bytes, offset, 20)),
      });
    }
    const hdu = parseHdu(bytes, offset, { file, hdu: index });
    hdus.push(hdu.value);
    offset = hdu.next;
  }
  return hdus;
}

function parseHdu(bytes: Uint8Array, offset: number, ctx: HduContext): { value: FitsHdu; next: number } {
  if (ctx.hdu === 0 && !startsWith(bytes, 0, 'SIMPLE  =')) {
    throw new FitsError('not a FITS file', {
      ...ctx,
      keyword: 'SIMPLE',
      expected: "'SIMPLE  =' in the first card",
      got: JSON.stringify(ascii(bytes, 0, 20)),
    });
  }
  const { header, dataStart } = parseHeader(bytes, offset, ctx.file, ctx.hdu);
  const xtension = ctx.hdu === 0 ? undefined : (header.string('XTENSION') ?? describe(header.get('XTENSION'))).trim();
  const bitpix = requireInt(header, 'BITPIX', ctx, -64, 64);
  if (!BITPIX_VALUES.has(bitpix)) {
    throw new FitsError('unsupported BITPIX', {
      ...ctx,
      keyword: 'BITPIX',
      expected: 'one of 8, 16, 32, 64, -32, -64',
      got: String(bitpix),
    });
  }
  const naxis = requireInt(header, 'NAXIS', ctx, 0, 999);
  const axes: number[] = [];
  for (let i = 1; i <= naxis; i++) axes.push(requireInt(header, `NAXIS${i}`, ctx, 0, MAX_DIM));
  const isExtension = ctx.hdu > 0;
  const pcount = optionalInt(header, 'PCOUNT', ctx, 0, MAX_DIM, 0);
  const gcount = optionalInt(header, 'GCOUNT', ctx, 0, MAX_DIM, 1);
  const randomGroups = !isExtension && header.get('GROUPS') === true && naxis > 0 && axes[0] === 0;
  const available = bytes.length - dataStart;
  // Data size, in bytes, computed with overflow checks against what the file holds.
  let elements = naxis === 0 ? 0 : 1;
  for (let i = randomGroups ? 1 : 0; i < naxis; i++) {
    elements *= axes[i]!;
    if (elements * (Math.abs(bitpix) / 8) > available)
      throw overflow(ctx, `NAXIS${i + 1}`, elements * (Math.abs(bitpix) / 8), available);
  }
  const dataBytes = (Math.abs(bitpix) / 8) * (isExtension || randomGroups ? gcount * (pcount + elements) : elements);
  if (dataBytes > available) throw overflow(ctx, pcount > 0 ? 'PCOUNT' : `NAXIS${naxis}`, dataBytes, available);
  const next = dataStart + Math.ceil(dataBytes / BLOCK) * BLOCK;
  const extname = header.string('EXTNAME')?.trim();
  const base = {
    index: ctx.hdu,
    name: extname ?? (isExtension ? '' : 'PRIMARY'),
    header,
    headerOffset: offset,
    dataOffset: dataStart,
    dataBytes,
  };

  if (randomGroups)
    return {
      value: { ...base, kind: 'skipped', note: 'random-groups data are not decoded (only the header was read)' },
      next,
    };
  if (!isExtension || xtension === 'IMAGE') {
    if (isExtension && (pcount !== 0 || gcount !== 1)) {
      throw new FitsError('IMAGE extension with PCOUNT ≠ 0 or GCOUNT ≠ 1', {
        ...ctx,
        keyword: pcount !== 0 ? 'PCOUNT' : 'GCOUNT',
        expected: 'PCOUNT = 0, GCOUNT = 1',
        got: `PCOUNT = ${pcount}, GCOUNT = ${gcount}`,
      });
    }
    const data =
      elements === 0 ? null : decodeImage(bytes, dataStart, elements, bitpix as Bitpix, scaling(header, ctx, bitpix));
    return { value: { ...base, kind: 'image', bitpix: bitpix as Bitpix, shape: [...axes].reverse(), data }, next };
  }
  if (xtension === 'BINTABLE') {
    if (bitpix !== 8 || naxis !== 2 || gcount !== 1) {
      throw new FitsError('malformed BINTABLE header', {
        ...ctx,
        keyword: bitpix !== 8 ? 'BITPIX' : naxis !== 2 ? 'NAXIS' : 'GCOUNT',
        expected: 'BITPIX = 8, NAXIS = 2, GCOUNT = 1',
        got: `BITPIX = ${bitpix}, NAXIS = ${naxis}, GCOUNT = ${gcount}`,
      });
    }
    const [rowBytes, nrows] = axes as [number, number];
    if (rowBytes === 0 && nrows > available) throw overflow(ctx, 'NAXIS2', nrows, available);
    const columns = decodeBinaryTable(bytes, header, { dataOffset: dataStart, rowBytes, nrows, pcount }, ctx);
    return { value: { ...base, kind: 'bintable', nrows, columns }, next };
  }
  const note =
    xtension === 'TABLE'
      ? 'ASCII TABLE data are not decoded (not supported by this reader; the header is available)'
      : `XTENSION '${xtension}' is not supported; its data were skipped (the header is available)`;
  return { value: { ...base, kind: 'skipped', note }, next };
}

function scaling(header: FitsHeader, ctx: HduContext, bitpix: number) {
  const bscale = optionalNumber(header, 'BSCALE', ctx);
  const bzero = optionalNumber(header, 'BZERO', ctx) ?? 0;
  const blank = bitpix > 0 ? optionalNumber(header, 'BLANK', ctx) : undefined;
  return { bscale: bscale === undefined ? 1 : Number(bscale), bzero, ...(blank === undefined ? {} : { blank }) };
}

function overflow(ctx: HduContext, keyword: string, need: number, available: number): FitsError {
  return new FitsError('data run past the end of the file (truncated file or wrong size keyword)', {
    ...ctx,
    keyword,
    expected: `≤ ${available} bytes after the header`,
    got: `${need} bytes`,
  });
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function isBlank(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < bytes.length; i++) if (bytes[i] !== 0 && bytes[i] !== 32) return false;
  return true;
}

function ascii(bytes: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + n));
}
