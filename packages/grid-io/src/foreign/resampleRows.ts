import { GridError } from '../grid/errors';
import type { SpectralGrid } from '../grid/spectralGrid';
import { interpolateLinear } from '../resample/interpolateLinear';

/**
 * Every spectrum of a grid linearly interpolated onto `wavelength` (Å, increasing), which must lie inside the grid's own
 * range (no extrapolation: a GridError names the file and the range). ivar is dropped (it does not interpolate).
 */
export function resampleRows(grid: SpectralGrid, wavelength: Float64Array, file: string): SpectralGrid {
  const src = grid.wavelength;
  const M0 = src.length;
  const M = wavelength.length;
  if (M === 0) throw new GridError(`${file}: the common wavelength grid is empty`);
  if (wavelength[0]! < src[0]! || wavelength[M - 1]! > src[M0 - 1]!) {
    throw new GridError(
      `${file}: the common grid ${wavelength[0]}–${wavelength[M - 1]} Å is not inside this grid's ${src[0]}–${src[M0 - 1]} Å (no extrapolation)`,
    );
  }
  const N = grid.flux.length / M0;
  const flux = new Float32Array(N * M);
  for (let r = 0; r < N; r++)
    flux.set(interpolateLinear(wavelength, src, grid.flux.subarray(r * M0, (r + 1) * M0)), r * M);
  return {
    labelNames: grid.labelNames,
    labels: grid.labels,
    wavelength: Float64Array.from(wavelength),
    flux,
    meta: { ...grid.meta, resampledFrom: [src[0], src[M0 - 1], M0] },
  };
}
