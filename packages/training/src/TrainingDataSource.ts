/** Rows of a grid: labels [n, L] and flux [n, M], row-major. */
export interface TrainingRows {
  labels: Float32Array;
  flux: Float32Array;
}

/**
 * What training reads spectra from. A grid-io `GridHandle` (openGrid) satisfies it as is; a synth
 * virtual grid through {@link syntheticGridSource}; arrays through {@link inMemorySource}.
 */
export interface TrainingDataSource {
  readonly numRows: number;
  /** Names of the label columns (the emulator's labels are picked from them by name). */
  readonly labelNames: readonly string[];
  /** Pixel grid in Angstrom (M values, increasing). */
  readonly wavelength: Float64Array;
  /** Rows at `indices`, in that order. */
  rows(indices: ArrayLike<number>): Promise<TrainingRows>;
}
