import { GridError } from './errors';

/** A grid of spectra: N rows of L labels and M flux pixels on one wavelength grid (DESIGN.md). */
export interface SpectralGrid {
  labelNames: string[];
  /** N × L, row-major. */
  labels: Float32Array;
  /** M, Angstrom; strictly increasing. The medium (air/vacuum) is stated in `meta.medium`. */
  wavelength: Float64Array;
  /** N × M, row-major. */
  flux: Float32Array;
  /** N × M inverse variance, optional. */
  ivar?: Float32Array;
  /** JSON-serialisable: medium, provenance, … */
  meta: Record<string, unknown>;
}

/** Rows to append to a grid writer: the header fields are optional (checked when present). */
export interface GridBatch {
  labelNames?: string[];
  labels: Float32Array;
  wavelength?: Float64Array;
  flux: Float32Array;
  ivar?: Float32Array;
  meta?: Record<string, unknown>;
}

/** Header shared by every row of a grid. */
export interface GridHeader {
  labelNames: string[];
  wavelength: Float64Array;
  meta: Record<string, unknown>;
  /** Whether the grid carries an `ivar` column. */
  hasIvar: boolean;
  /** Rows per chunk; every chunk but the last holds exactly this many (set by our writers). */
  rowGroupSize?: number;
}

export const RESERVED_COLUMNS: readonly string[] = ['flux', 'ivar'];

/** Checks a header: unique non-reserved label names, finite strictly increasing wavelengths, JSON meta. */
export function validateHeader(header: GridHeader, where: string): void {
  const seen = new Set<string>();
  if (header.labelNames.length === 0)
    throw new GridError(`${where}: 'labelNames' must name at least one label; got []`);
  for (const name of header.labelNames) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new GridError(`${where}: 'labelNames' must be non-empty strings; got ${JSON.stringify(name)}`);
    }
    if (RESERVED_COLUMNS.includes(name)) {
      throw new GridError(`${where}: label name '${name}' is reserved for a column; rename the label`);
    }
    if (seen.has(name)) throw new GridError(`${where}: label name '${name}' appears twice in 'labelNames'`);
    seen.add(name);
  }
  const w = header.wavelength;
  if (!(w instanceof Float64Array) || w.length === 0) {
    throw new GridError(`${where}: 'wavelength' must be a non-empty Float64Array`);
  }
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i])) throw new GridError(`${where}: 'wavelength' must be finite; pixel ${i} is ${w[i]}`);
    if (i > 0 && !(w[i]! > w[i - 1]!)) {
      throw new GridError(
        `${where}: 'wavelength' must be strictly increasing; pixel ${i} (${w[i]} Å) ≤ pixel ${i - 1} (${w[i - 1]} Å)`,
      );
    }
  }
  try {
    JSON.stringify(header.meta);
  } catch (e) {
    throw new GridError(`${where}: 'meta' must be JSON-serialisable; ${(e as Error).message}`);
  }
}

/** Checks the array lengths of a batch against a header and returns its row count. */
export function batchRows(batch: GridBatch, header: GridHeader, where: string): number {
  const L = header.labelNames.length;
  const M = header.wavelength.length;
  if (!(batch.labels instanceof Float32Array)) throw new GridError(`${where}: 'labels' must be a Float32Array`);
  if (!(batch.flux instanceof Float32Array)) throw new GridError(`${where}: 'flux' must be a Float32Array`);
  if (batch.labels.length % L !== 0) {
    throw new GridError(`${where}: 'labels' length must be a multiple of ${L} labels; got ${batch.labels.length}`);
  }
  const n = batch.labels.length / L;
  if (batch.flux.length !== n * M) {
    throw new GridError(`${where}: 'flux' length must be ${n} rows × ${M} pixels = ${n * M}; got ${batch.flux.length}`);
  }
  if (header.hasIvar !== (batch.ivar !== undefined)) {
    throw new GridError(
      `${where}: 'ivar' expected ${header.hasIvar ? 'present' : 'absent'}; got ${batch.ivar ? 'present' : 'absent'}`,
    );
  }
  if (batch.ivar && batch.ivar.length !== n * M) {
    throw new GridError(`${where}: 'ivar' length must be ${n * M}; got ${batch.ivar.length}`);
  }
  if (batch.labelNames && batch.labelNames.join('\u0000') !== header.labelNames.join('\u0000')) {
    throw new GridError(
      `${where}: 'labelNames' expected [${header.labelNames.join(', ')}]; got [${batch.labelNames.join(', ')}]`,
    );
  }
  if (batch.wavelength && batch.wavelength !== header.wavelength) {
    const w = batch.wavelength;
    const differs = w.length !== M || w.some((x, i) => x !== header.wavelength[i]);
    if (differs) throw new GridError(`${where}: 'wavelength' of a batch differs from the grid's wavelength`);
  }
  return n;
}
