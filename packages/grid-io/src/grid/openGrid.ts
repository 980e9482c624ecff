import type { AsyncBuffer } from 'hyparquet';
import { openArrowSource } from './arrowGrid';
import { createGridHandle, type GridHandle } from './gridHandle';
import { sniffGridFormat } from './gridFormat';
import { loadFsPromises } from './nodeFs';
import { openParquetSource } from './parquetGrid';

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/**
 * Opens a grid written by `writeGrid` (Arrow IPC file or Parquet; format from the magic bytes).
 * A path (Node only) is read lazily, chunk by chunk; bytes (Uint8Array/ArrayBuffer) work in browsers.
 */
export async function openGrid(input: string | Uint8Array | ArrayBuffer): Promise<GridHandle> {
  if (typeof input !== 'string') {
    const bytes = toBytes(input);
    const file = '<buffer>';
    const format = sniffGridFormat(bytes, file);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const { header, source } =
      format === 'parquet' ? await openParquetSource(ab, file) : await openArrowSource(bytes, file);
    return createGridHandle(format, header, source, file, async () => {});
  }
  const fsp = await loadFsPromises();
  const fh = await fsp.open(input, 'r');
  try {
    const head = new Uint8Array(8);
    await fh.read(head, 0, 8, 0);
    const format = sniffGridFormat(head, input);
    if (format === 'arrow') {
      const { header, source } = await openArrowSource(fh, input);
      return createGridHandle(format, header, source, input, async () => fh.close().catch(() => {}));
    }
    const { size } = await fh.stat();
    const file: AsyncBuffer = {
      byteLength: size,
      async slice(start: number, end: number = size) {
        const buf = new Uint8Array(end - start);
        let off = 0;
        while (off < buf.byteLength) {
          const { bytesRead } = await fh.read(buf, off, buf.byteLength - off, start + off);
          if (bytesRead === 0) break;
          off += bytesRead;
        }
        return buf.buffer;
      },
    };
    const { header, source } = await openParquetSource(file, input);
    return createGridHandle(format, header, source, input, async () => fh.close());
  } catch (e) {
    await fh.close().catch(() => {});
    throw e;
  }
}
