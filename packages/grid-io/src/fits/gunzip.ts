import { Gunzip } from 'fflate';
import { FitsError } from './FitsError';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Deflate cannot expand data by more than ~1032×; a larger output means corrupt input. */
const MAX_RATIO = 1032;

/**
 * Decompress a whole-file gzip (`.fits.gz`) with fflate's streaming inflater, so the output grows with
 * the data actually decoded (never with a size claimed by a corrupt trailer). Truncated or corrupt
 * streams, and a length that disagrees with the gzip trailer, are FitsErrors.
 */
export function gunzip(bytes: Uint8Array, file: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const limit = bytes.length * MAX_RATIO + 65536;
  try {
    const stream = new Gunzip((chunk) => {
      total += chunk.length;
      if (total > limit)
        throw new FitsError('gzip data expand beyond what deflate allows', {
          file,
          expected: `≤ ${limit} bytes`,
          got: `${total}`,
        });
      chunks.push(chunk);
    });
    stream.push(bytes, true);
  } catch (e) {
    if (e instanceof FitsError) throw e;
    throw new FitsError('corrupt or truncated gzip data', {
      file,
      expected: 'a complete gzip stream',
      got: e instanceof Error ? e.message : String(e),
    });
  }
  const isize =
    bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : -1;
  if (isize !== total % 2 ** 32) {
    throw new FitsError('gzip stream is truncated or corrupt: decompressed length disagrees with its trailer', {
      file,
      expected: `${isize} bytes (mod 2^32)`,
      got: `${total}`,
    });
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
