import { interpolateLinear } from '@astroemu/grid-io';

/**
 * b − a on a's grid: b (on its own grid) interpolated linearly at a's wavelengths, NaN outside b's range
 * (uPlot leaves gaps at NaN/null).
 */
export function residualOnGrid(
  gridA: Float64Array,
  fluxA: ArrayLike<number>,
  gridB: Float64Array,
  fluxB: ArrayLike<number>,
): Float64Array {
  const bOnA = interpolateLinear(gridA, gridB, fluxB, { fill: NaN });
  for (let i = 0; i < bOnA.length; i++) bOnA[i] = bOnA[i]! - fluxA[i]!;
  return bOnA;
}

/** Flux of one spectrum at another grid's wavelengths (NaN outside). */
export function resampleTo(grid: Float64Array, fromGrid: Float64Array, flux: ArrayLike<number>): Float64Array {
  return interpolateLinear(grid, fromGrid, flux, { fill: NaN });
}
