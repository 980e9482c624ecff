import type { FitsImageArray } from './types';

export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export type Bitpix = 8 | 16 | 32 | 64 | -32 | -64;

/** Copy `count` big-endian values of `size` bytes and return them in host order. */
export function bigEndianCopy(bytes: Uint8Array, offset: number, count: number, size: number): Uint8Array {
  const out = bytes.slice(offset, offset + count * size);
  if (HOST_LITTLE_ENDIAN && size > 1) swapInPlace(out, size);
  return out;
}

export function swapInPlace(b: Uint8Array, size: number): void {
  for (let i = 0; i + size <= b.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo]!;
      b[lo] = b[hi]!;
      b[hi] = t;
    }
  }
}

/** Typed view of host-order bytes for a BITPIX (signed integers, or floats). */
export function viewRaw(b: Uint8Array, bitpix: Bitpix): FitsImageArray {
  const buf = b.buffer as ArrayBuffer;
  const n = b.length / (Math.abs(bitpix) / 8);
  switch (bitpix) {
    case 8:
      return new Uint8Array(buf, b.byteOffset, n);
    case 16:
      return new Int16Array(buf, b.byteOffset, n);
    case 32:
      return new Int32Array(buf, b.byteOffset, n);
    case 64:
      return new BigInt64Array(buf, b.byteOffset, n);
    case -32:
      return new Float32Array(buf, b.byteOffset, n);
    case -64:
      return new Float64Array(buf, b.byteOffset, n);
  }
}

const UNSIGNED_ZERO: Record<number, bigint> = { 16: 32768n, 32: 2147483648n, 64: 9223372036854775808n };

/** True when BSCALE = 1 and BZERO is the unsigned-integer offset for this BITPIX (or −128 for BITPIX 8). */
export function isUnsignedConvention(bitpix: number, bscale: number, bzero: number | bigint): boolean {
  if (bscale !== 1) return false;
  if (bitpix === 8) return Number(bzero) === -128;
  const want = UNSIGNED_ZERO[bitpix];
  if (want === undefined) return false;
  return typeof bzero === 'bigint' ? bzero === want : bzero === Number(want);
}

export interface Scaling {
  bscale: number;
  bzero: number | bigint;
  /** BLANK value for integer data (raw, before scaling). */
  blank?: number | bigint;
}

/**
 * Decode `count` big-endian pixels of type `bitpix` at `offset` into what astropy returns:
 * unsigned conventions → Int8/Uint16/Uint32/BigUint64; other scaling or BLANK → Float32 (BITPIX 8, 16,
 * −32) or Float64 (32, 64, −64) with BLANK pixels as NaN; otherwise the raw type.
 */
export function decodeImage(
  bytes: Uint8Array,
  offset: number,
  count: number,
  bitpix: Bitpix,
  s: Scaling,
): FitsImageArray {
  const size = Math.abs(bitpix) / 8;
  const integer = bitpix > 0;
  const blank = integer ? s.blank : undefined;
  if (integer && blank === undefined && isUnsignedConvention(bitpix, s.bscale, s.bzero)) {
    const b = bytes.slice(offset, offset + count * size);
    for (let i = 0; i < b.length; i += size) b[i] = b[i]! ^ 0x80; // flip the sign bit (big-endian first byte)
    if (HOST_LITTLE_ENDIAN) swapInPlace(b, size);
    const buf = b.buffer as ArrayBuffer;
    switch (bitpix) {
      case 8:
        return new Int8Array(buf, 0, count);
      case 16:
        return new Uint16Array(buf, 0, count);
      case 32:
        return new Uint32Array(buf, 0, count);
      default:
        return new BigUint64Array(buf, 0, count);
    }
  }
  const raw = viewRaw(bigEndianCopy(bytes, offset, count, size), bitpix);
  const zero = Number(s.bzero);
  if (blank === undefined && s.bscale === 1 && zero === 0) return raw;
  const out = bitpix === 8 || bitpix === 16 || bitpix === -32 ? new Float32Array(count) : new Float64Array(count);
  if (raw instanceof BigInt64Array) {
    const bl = blank === undefined ? undefined : BigInt(blank);
    for (let i = 0; i < count; i++) out[i] = raw[i] === bl ? NaN : Number(raw[i]!) * s.bscale + zero;
  } else {
    const r = raw as Exclude<FitsImageArray, BigInt64Array | BigUint64Array>;
    const bl = blank === undefined ? undefined : Number(blank);
    for (let i = 0; i < count; i++) out[i] = r[i] === bl ? NaN : r[i]! * s.bscale + zero;
  }
  return out;
}
