/** Largest number of pixels the page asks a wavelength-conditioned emulator for. */
export const MAX_GRID_PIXELS = 20_000;

export interface GridRequest {
  min: number;
  max: number;
  /** Sampling resolving power λ/Δλ. */
  R: number;
}

/**
 * The user's wavelength grid for a wavelength-conditioned emulator: log-uniform λ_i = min·exp(i/R) over
 * [min, max] ∩ the emulator's domain. Throws RangeError with a message fit for the page.
 */
export function userWavelengthGrid(req: GridRequest, domain: { min: number; max: number }): Float64Array {
  const { R } = req;
  if (!(Number.isFinite(R) && R > 0)) throw new RangeError(`resolving power must be a positive number; got ${R}`);
  const lo = Math.max(req.min, domain.min);
  const hi = Math.min(req.max, domain.max);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(
      `wavelength range ${req.min}–${req.max} Å does not overlap the emulator's ${domain.min}–${domain.max} Å`,
    );
  }
  const n = Math.floor(R * Math.log(hi / lo)) + 1;
  if (n > MAX_GRID_PIXELS) {
    throw new RangeError(
      `${lo}–${hi} Å at R = ${R} gives ${n} pixels; the page draws at most ${MAX_GRID_PIXELS} (narrow the range or lower R)`,
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo * Math.exp(i / R);
  return out;
}

/** Index of the grid point nearest to λ (grid increasing). */
export function nearestIndex(grid: ArrayLike<number>, lambda: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (grid[mid]! <= lambda) lo = mid;
    else hi = mid;
  }
  return Math.abs(grid[hi]! - lambda) < Math.abs(grid[lo]! - lambda) ? hi : lo;
}
