import { TrainingError } from './errors';
import type { TrainingDataSource, TrainingRows } from './TrainingDataSource';

export interface InMemoryGrid {
  labelNames: readonly string[];
  /** N × L, row-major. */
  labels: Float32Array;
  wavelength: Float64Array;
  /** N × M, row-major. */
  flux: Float32Array;
}

/** A data source over arrays held in memory (e.g. a grid-io `SpectralGrid`). */
export function inMemorySource(grid: InMemoryGrid): TrainingDataSource {
  const L = grid.labelNames.length;
  const M = grid.wavelength.length;
  if (L === 0 || grid.labels.length % L !== 0) {
    throw new TrainingError(`inMemorySource: 'labels' must hold N × ${L} values; got ${grid.labels.length}`);
  }
  const n = grid.labels.length / L;
  if (grid.flux.length !== n * M) {
    throw new TrainingError(
      `inMemorySource: 'flux' must hold N × M = ${n} × ${M} = ${n * M} values; got ${grid.flux.length}`,
    );
  }
  return {
    numRows: n,
    labelNames: [...grid.labelNames],
    wavelength: grid.wavelength,
    async rows(indices: ArrayLike<number>): Promise<TrainingRows> {
      const k = indices.length;
      const labels = new Float32Array(k * L);
      const flux = new Float32Array(k * M);
      for (let r = 0; r < k; r++) {
        const i = indices[r]!;
        if (!(Number.isInteger(i) && i >= 0 && i < n)) {
          throw new TrainingError(`inMemorySource.rows: indices[${r}] must be a row in [0, ${n}); got ${i}`);
        }
        labels.set(grid.labels.subarray(i * L, (i + 1) * L), r * L);
        flux.set(grid.flux.subarray(i * M, (i + 1) * M), r * M);
      }
      return { labels, flux };
    },
  };
}
