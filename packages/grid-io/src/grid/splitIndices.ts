import { GridError } from './errors';
import { mulberry32 } from '@astroemu/random';

export interface SplitOptions {
  /** Fraction of rows for validation, in [0, 1]; k = round(n × fraction). */
  validationFraction?: number;
  /** Number of rows for validation (instead of a fraction). */
  validationSize?: number;
  /** 32-bit unsigned integer seed. */
  seed: number;
}

/**
 * Deterministic train/validation split of rows 0…n−1. Algorithm (so other languages can mirror it):
 * Fisher–Yates on [0…n−1] with j = floor(u × (i + 1)) for i = n−1 … 1, u from mulberry32(seed);
 * validation = the first k entries of the permutation, train = the rest; both returned sorted ascending.
 */
export function splitIndices(n: number, options: SplitOptions): { train: number[]; validation: number[] } {
  if (!Number.isInteger(n) || n < 0)
    throw new GridError(`splitIndices: argument 'n' must be a non-negative integer; got ${n}`);
  const { validationFraction, validationSize, seed } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new GridError(`splitIndices: option 'seed' must be an integer in [0, 2^32); got ${seed}`);
  }
  if ((validationFraction === undefined) === (validationSize === undefined)) {
    throw new GridError(`splitIndices: give exactly one of 'validationFraction' and 'validationSize'`);
  }
  let k: number;
  if (validationFraction !== undefined) {
    if (!(validationFraction >= 0 && validationFraction <= 1)) {
      throw new GridError(`splitIndices: option 'validationFraction' must be in [0, 1]; got ${validationFraction}`);
    }
    k = Math.round(n * validationFraction);
  } else {
    k = validationSize!;
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new GridError(`splitIndices: option 'validationSize' must be an integer in [0, ${n}]; got ${k}`);
    }
  }
  const perm = new Array<number>(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const rand = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const byValue = (a: number, b: number) => a - b;
  return { validation: perm.slice(0, k).sort(byValue), train: perm.slice(k).sort(byValue) };
}
