import type { SamplePlacement } from './convConfig';

/** For each output pixel m: flux[m] = (1 − weight[m]) · s[lower[m]] + weight[m] · s[lower[m] + 1]. */
export interface InterpolationWeights {
  lower: Int32Array;
  weight: Float32Array;
}

/**
 * Linear interpolation from N internal samples, placed uniformly from the first to the last pixel (in pixel index
 * or in ln λ, see SamplePlacement), onto the M pixels of `grid`. Computed in float64 on the host.
 */
export function interpolationWeights(
  grid: Float64Array,
  samples: number,
  placement: SamplePlacement,
): InterpolationWeights {
  const M = grid.length;
  const lower = new Int32Array(M);
  const weight = new Float32Array(M);
  const l0 = Math.log(grid[0]!);
  const span = Math.log(grid[M - 1]!) - l0;
  for (let m = 0; m < M; m++) {
    const frac = M === 1 ? 0 : placement === 'pixel' ? m / (M - 1) : (Math.log(grid[m]!) - l0) / span;
    const t = Math.min(Math.max(frac, 0), 1) * (samples - 1);
    const i = Math.min(Math.floor(t), samples - 2);
    lower[m] = i;
    weight[m] = t - i;
  }
  return { lower, weight };
}
