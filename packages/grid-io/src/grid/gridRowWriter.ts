import { GridError } from './errors';
import type { GridEncoder } from './gridColumns';
import { batchRows, type GridBatch, type GridHeader } from './spectralGrid';

/** Buffers incoming batches into chunks of exactly `rowGroupSize` rows (the last may be shorter). */
export class GridRowWriter {
  private readonly labels: Float32Array;
  private readonly flux: Float32Array;
  private readonly ivar?: Float32Array;
  private fill = 0;
  numRows = 0;

  constructor(
    private readonly header: GridHeader,
    private readonly encoder: GridEncoder,
    private readonly rowGroupSize: number,
    private readonly where: string,
  ) {
    if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
      throw new GridError(`${where}: option 'rowGroupSize' must be a positive integer; got ${rowGroupSize}`);
    }
    const L = header.labelNames.length;
    const M = header.wavelength.length;
    this.labels = new Float32Array(rowGroupSize * L);
    this.flux = new Float32Array(rowGroupSize * M);
    if (header.hasIvar) this.ivar = new Float32Array(rowGroupSize * M);
  }

  async write(batch: GridBatch): Promise<void> {
    const n = batchRows(batch, this.header, this.where);
    const L = this.header.labelNames.length;
    const M = this.header.wavelength.length;
    const G = this.rowGroupSize;
    let at = 0;
    while (at < n) {
      if (this.fill === 0 && n - at >= G) {
        await this.encoder.writeChunk(
          {
            labels: batch.labels.subarray(at * L, (at + G) * L),
            flux: batch.flux.subarray(at * M, (at + G) * M),
            ivar: batch.ivar?.subarray(at * M, (at + G) * M),
          },
          G,
        );
        at += G;
        continue;
      }
      const take = Math.min(G - this.fill, n - at);
      this.labels.set(batch.labels.subarray(at * L, (at + take) * L), this.fill * L);
      this.flux.set(batch.flux.subarray(at * M, (at + take) * M), this.fill * M);
      if (this.ivar) this.ivar.set(batch.ivar!.subarray(at * M, (at + take) * M), this.fill * M);
      this.fill += take;
      at += take;
      if (this.fill === G) await this.flushRows();
    }
    this.numRows += n;
  }

  private async flushRows(): Promise<void> {
    if (this.fill === 0) return;
    const L = this.header.labelNames.length;
    const M = this.header.wavelength.length;
    const k = this.fill;
    await this.encoder.writeChunk(
      {
        labels: this.labels.subarray(0, k * L),
        flux: this.flux.subarray(0, k * M),
        ivar: this.ivar?.subarray(0, k * M),
      },
      k,
    );
    this.fill = 0;
  }

  async finish(): Promise<void> {
    await this.flushRows();
    await this.encoder.finish();
  }
}
