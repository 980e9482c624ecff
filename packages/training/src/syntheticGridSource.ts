import type { TrainingDataSource } from './TrainingDataSource';

/** The part of an @astroemu/synth `SyntheticGrid` (makeGrid) that training needs. */
export interface SyntheticGridLike {
  readonly n: number;
  readonly labelNames: readonly string[];
  readonly wavelength: Float64Array;
  batch(indices: ArrayLike<number>): { labels: Float32Array; flux: Float32Array };
}

/** Adapts a synth virtual grid (spectra computed on demand from seeds) to a data source. */
export function syntheticGridSource(grid: SyntheticGridLike): TrainingDataSource {
  return {
    numRows: grid.n,
    labelNames: grid.labelNames,
    wavelength: grid.wavelength,
    async rows(indices) {
      const b = grid.batch(indices);
      return { labels: b.labels, flux: b.flux };
    },
  };
}
