import { inflateSync } from 'node:zlib';

/** PNG signature, IHDR size and the number of distinct byte values of the inflated image data (1–2 = blank). */
export function pngInfo(bytes: Uint8Array): {
  signatureOk: boolean;
  width: number;
  height: number;
  distinctBytes: number;
} {
  const signatureOk = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  while (off + 8 <= bytes.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...bytes.subarray(off + 4, off + 8));
    if (type === 'IHDR') {
      width = view.getUint32(off + 8);
      height = view.getUint32(off + 12);
    } else if (type === 'IDAT') idat.push(bytes.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  return {
    signatureOk,
    width,
    height,
    distinctBytes: idat.length ? new Set(inflateSync(Buffer.concat(idat))).size : 0,
  };
}
