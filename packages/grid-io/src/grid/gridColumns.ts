/** The numeric columns of a run of rows (no header): labels N×L, flux N×M, ivar N×M. */
export interface GridColumns {
  labels: Float32Array;
  flux: Float32Array;
  ivar?: Float32Array;
}

/** Where encoded bytes go: a file (synchronous writes) or a list of chunks in memory. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

/** Appends runs of rows to a grid file in one format. */
export interface GridEncoder {
  writeChunk(columns: GridColumns, numRows: number): void | Promise<void>;
  finish(): void | Promise<void>;
}

/** Random access to a grid file by chunk (Arrow record batch / Parquet row group). */
export interface GridChunkSource {
  /** Row index where chunk i starts; length = number of chunks + 1, last entry = number of rows. */
  chunkStarts: number[];
  readChunk(index: number): Promise<GridColumns>;
  close(): Promise<void>;
}

/** Collects sink chunks into one Uint8Array. */
export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
    this.length += bytes.byteLength;
  }
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}
