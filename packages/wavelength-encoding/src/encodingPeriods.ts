import { DomainError } from './DomainError';

/** How the periods P_i are spaced between `minPeriod` and `maxPeriod`. */
export type PeriodSpacing = 'log' | 'linear';

export interface SinusoidalEncodingOptions {
  /** Number of components = number of periods (TransformerPayne: the model width, 256 in the paper). */
  dim: number;
  /** Shortest period in log10(λ/Å) units (paper: 1e-6). */
  minPeriod?: number;
  /** Longest period in log10(λ/Å) units (paper: 10). */
  maxPeriod?: number;
  /** 'log' (default, `numpy.logspace` as in the published code) or 'linear' (`numpy.linspace`). */
  spacing?: PeriodSpacing;
}

/** Defaults of the published TransformerPayne (Różański et al. 2024). */
export const DEFAULT_MIN_PERIOD = 1e-6;
export const DEFAULT_MAX_PERIOD = 10;

/**
 * The `dim` periods P_0 … P_{dim-1}, from `minPeriod` to `maxPeriod` inclusive:
 * log: P_i = 10^(log10(min) + i·(log10(max) − log10(min))/(dim − 1)); linear: P_i = min + i·(max − min)/(dim − 1).
 * With dim = 1 the single period is `minPeriod` (as numpy's logspace/linspace).
 */
export function encodingPeriods(opts: SinusoidalEncodingOptions): Float64Array {
  const { dim, minPeriod = DEFAULT_MIN_PERIOD, maxPeriod = DEFAULT_MAX_PERIOD, spacing = 'log' } = opts;
  const who = 'sinusoidalEncoding';
  if (!Number.isInteger(dim) || dim < 1) {
    throw new DomainError(`Option 'dim' passed to '${who}' must be a positive integer; got ${dim}`);
  }
  if (!Number.isFinite(minPeriod) || minPeriod <= 0) {
    throw new DomainError(`Option 'minPeriod' passed to '${who}' must be finite and > 0; got ${minPeriod}`);
  }
  if (!Number.isFinite(maxPeriod) || maxPeriod < minPeriod) {
    throw new DomainError(
      `Option 'maxPeriod' passed to '${who}' must be finite and ≥ minPeriod (${minPeriod}); got ${maxPeriod}`,
    );
  }
  if (spacing !== 'log' && spacing !== 'linear') {
    throw new DomainError(`Option 'spacing' passed to '${who}' must be 'log' or 'linear'; got '${String(spacing)}'`);
  }
  const periods = new Float64Array(dim);
  if (spacing === 'log') {
    const a = Math.log10(minPeriod);
    const b = Math.log10(maxPeriod);
    const step = dim > 1 ? (b - a) / (dim - 1) : 0;
    for (let i = 0; i < dim; i++) periods[i] = Math.pow(10, a + i * step);
    if (dim > 1) periods[dim - 1] = Math.pow(10, b);
  } else {
    const step = dim > 1 ? (maxPeriod - minPeriod) / (dim - 1) : 0;
    for (let i = 0; i < dim; i++) periods[i] = minPeriod + i * step;
    if (dim > 1) periods[dim - 1] = maxPeriod;
  }
  return periods;
}
