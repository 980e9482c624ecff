import { HOST_LITTLE_ENDIAN, swapInPlace } from './decodeImage';
import type { FitsImageArray } from './types';

/** How a typed array is stored: BITPIX / TFORM code, bytes per value, and the unsigned offset convention. */
export interface StorageType {
  bitpix: 8 | 16 | 32 | 64 | -32 | -64;
  code: 'B' | 'I' | 'J' | 'K' | 'E' | 'D';
  size: number;
  /** BZERO/TZERO for unsigned (or signed-byte) data, as the exact integer. */
  zero?: bigint;
}

export function storageType(a: FitsImageArray): StorageType {
  if (a instanceof Uint8Array) return { bitpix: 8, code: 'B', size: 1 };
  if (a instanceof Int8Array) return { bitpix: 8, code: 'B', size: 1, zero: -128n };
  if (a instanceof Int16Array) return { bitpix: 16, code: 'I', size: 2 };
  if (a instanceof Uint16Array) return { bitpix: 16, code: 'I', size: 2, zero: 32768n };
  if (a instanceof Int32Array) return { bitpix: 32, code: 'J', size: 4 };
  if (a instanceof Uint32Array) return { bitpix: 32, code: 'J', size: 4, zero: 2147483648n };
  if (a instanceof BigInt64Array) return { bitpix: 64, code: 'K', size: 8 };
  if (a instanceof BigUint64Array) return { bitpix: 64, code: 'K', size: 8, zero: 9223372036854775808n };
  if (a instanceof Float32Array) return { bitpix: -32, code: 'E', size: 4 };
  return { bitpix: -64, code: 'D', size: 8 };
}

/** Big-endian bytes of a typed array, with the sign bit flipped for the unsigned conventions. */
export function encodeBigEndian(a: FitsImageArray): Uint8Array {
  const t = storageType(a);
  const out = new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) as ArrayBuffer);
  if (HOST_LITTLE_ENDIAN && t.size > 1) swapInPlace(out, t.size);
  if (t.zero !== undefined) for (let i = 0; i < out.length; i += t.size) out[i] = out[i]! ^ 0x80;
  return out;
}
