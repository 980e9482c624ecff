import { GridError } from './errors';

export type GridFormat = 'arrow' | 'parquet';

/** The format named in options, else from the file extension (.parquet/.pq → parquet; .arrow/.feather/.ipc → arrow). */
export function resolveGridFormat(path: string, format: GridFormat | undefined): GridFormat {
  if (format !== undefined) {
    if (format !== 'arrow' && format !== 'parquet') {
      throw new GridError(`${path}: option 'format' must be 'arrow' or 'parquet'; got ${JSON.stringify(format)}`);
    }
    return format;
  }
  const ext = path.toLowerCase().split('.').pop() ?? '';
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  throw new GridError(
    `${path}: cannot tell the grid format from extension '.${ext}'; expected .parquet, .pq, .arrow, .feather or .ipc, or pass { format }`,
  );
}

/** Detects the format of file bytes from their magic numbers (PAR1 / ARROW1). */
export function sniffGridFormat(head: Uint8Array, file: string): GridFormat {
  const s = String.fromCharCode(...head.subarray(0, 6));
  if (s.startsWith('PAR1')) return 'parquet';
  if (s === 'ARROW1') return 'arrow';
  // Arrow IPC stream format starts with a continuation marker 0xFFFFFFFF.
  if (head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
  throw new GridError(
    `${file}: not a Parquet or Arrow IPC file; expected magic 'PAR1' or 'ARROW1'; got ${JSON.stringify(s)}`,
  );
}

/** Rows per row group / record batch so that one group's flux is about 16 MB. */
export function defaultRowGroupSize(numPixels: number): number {
  return Math.max(1, Math.min(65536, Math.floor((4 * 1024 * 1024) / Math.max(1, numPixels))));
}
