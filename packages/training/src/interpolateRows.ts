import { TrainingError } from './errors';

/**
 * Linear interpolation (numpy.interp) of each of the n rows of `flux` (n × M, on the increasing grid
 * `wavelength`) at the increasing wavelengths `at` (K values inside the grid's range); returns n × K.
 * Computed in float64.
 */
export function interpolateRows(wavelength: Float64Array, flux: Float32Array, at: Float64Array): Float32Array {
  const M = wavelength.length;
  if (M < 2 || flux.length % M !== 0) {
    throw new TrainingError(
      `interpolateRows: 'flux' must hold n × ${M} values on a grid of ≥ 2 pixels; got ${flux.length} values`,
    );
  }
  const n = flux.length / M;
  const K = at.length;
  const lo = new Int32Array(K);
  const w = new Float64Array(K);
  let j = 0;
  for (let k = 0; k < K; k++) {
    const x = at[k]!;
    if (!(x >= wavelength[0]! && x <= wavelength[M - 1]!) || (k > 0 && x < at[k - 1]!)) {
      throw new TrainingError(
        `interpolateRows: 'at' must be increasing within [${wavelength[0]}, ${wavelength[M - 1]}]; at[${k}] = ${x}`,
      );
    }
    while (j < M - 2 && wavelength[j + 1]! <= x) j++;
    lo[k] = j;
    w[k] = (x - wavelength[j]!) / (wavelength[j + 1]! - wavelength[j]!);
  }
  const out = new Float32Array(n * K);
  for (let r = 0; r < n; r++) {
    const row = r * M;
    for (let k = 0; k < K; k++) {
      const a = flux[row + lo[k]!]!;
      const b = flux[row + lo[k]! + 1]!;
      out[r * K + k] = a + w[k]! * (b - a);
    }
  }
  return out;
}
