import { DomainError } from './errors';
import type { NumericArray } from './validate';

/** APOGEE chips on the 7214-pixel combined grid (chip gaps removed): blue, green, red, as [start, end) pixel ranges. */
export const APOGEE_CHIPS: readonly (readonly [number, number])[] = [
  [0, 2920],
  [2920, 5320],
  [5320, 7214],
];

export interface ApogeeContinuumOptions {
  /** The continuum pixels (e.g. the Cannon's `pixels_cannon` of cannon_cont_pixels_apogee.npz), one per pixel. */
  continuumPixels: ArrayLike<boolean | number>;
  /** Chip pixel ranges [start, end) (default APOGEE_CHIPS). */
  chips?: readonly (readonly [number, number])[];
  /** Chebyshev degree per chip (default 4). */
  degree?: number;
}

/**
 * The linear least-squares operator of the APOGEE (Cannon) continuum for one σ vector: per chip, the degree-`degree`
 * Chebyshev in x = −1 + 2j/(n−1) across the chip's pixel index j, fitted to the continuum pixels with weights 1/σ
 * (numpy chebfit's `w`: minimise Σ ((y − T c)/σ)²; pixels with non-finite or non-positive σ get weight 0). The
 * continuum of y is, per chip, T · (Gᵀ y): `basis` T [n, d+1] and `solve` G [n, d+1] (row-major, float64).
 * The same σ ⇒ the same operator: build it once per spectrum and apply it to data and model alike.
 */
export interface ApogeeContinuumOperator {
  chips: { start: number; end: number; basis: Float64Array; solve: Float64Array; used: Uint8Array }[];
  degree: number;
  pixels: number;
}

export function apogeeContinuumOperator(sigma: NumericArray, options: ApogeeContinuumOptions): ApogeeContinuumOperator {
  const chips = options.chips ?? APOGEE_CHIPS;
  const deg = options.degree ?? 4;
  const m = deg + 1;
  const mask = options.continuumPixels;
  if (mask.length !== sigma.length) {
    throw new DomainError(
      `apogeeContinuumOperator: continuumPixels has ${mask.length} entries but sigma has ${sigma.length}`,
    );
  }
  const out: ApogeeContinuumOperator['chips'] = [];
  for (const [a, b] of chips) {
    if (!(a >= 0 && b <= sigma.length && b - a > m)) {
      throw new DomainError(
        `apogeeContinuumOperator: chip [${a}, ${b}) must lie within the ${sigma.length} pixels and hold more than ${m} pixels`,
      );
    }
    const n = b - a;
    const basis = new Float64Array(n * m);
    for (let j = 0; j < n; j++) {
      const x = -1 + (2 * j) / (n - 1);
      basis[j * m] = 1;
      if (m > 1) basis[j * m + 1] = x;
      for (let d = 2; d < m; d++) basis[j * m + d] = 2 * x * basis[j * m + d - 1]! - basis[j * m + d - 2]!;
    }
    // Normal matrix A = Tᵀ W T, W = 1/σ² on continuum pixels.
    const w = new Float64Array(n);
    const usedMask = new Uint8Array(n);
    let used = 0;
    for (let j = 0; j < n; j++) {
      const s = Number(sigma[a + j]);
      if (mask[a + j] && Number.isFinite(s) && s > 0) {
        w[j] = 1 / (s * s);
        usedMask[j] = 1;
        used++;
      }
    }
    if (used < m)
      throw new DomainError(
        `apogeeContinuumOperator: chip [${a}, ${b}) has ${used} usable continuum pixels; a degree-${deg} fit needs ${m}`,
      );
    const A = new Float64Array(m * m);
    for (let j = 0; j < n; j++) {
      if (w[j] === 0) continue;
      for (let p = 0; p < m; p++)
        for (let q = 0; q < m; q++) A[p * m + q] += w[j]! * basis[j * m + p]! * basis[j * m + q]!;
    }
    const Ainv = invertSpd(A, m, `chip [${a}, ${b})`);
    // G = W T A⁻¹: c = Gᵀ y.
    const solve = new Float64Array(n * m);
    for (let j = 0; j < n; j++) {
      if (w[j] === 0) continue;
      for (let q = 0; q < m; q++) {
        let s = 0;
        for (let p = 0; p < m; p++) s += basis[j * m + p]! * Ainv[p * m + q]!;
        solve[j * m + q] = w[j]! * s;
      }
    }
    out.push({ start: a, end: b, basis, solve, used: usedMask });
  }
  return { chips: out, degree: deg, pixels: sigma.length };
}

/** The continuum of `flux` under an operator (pixels outside every chip get NaN). */
export function applyApogeeContinuum(op: ApogeeContinuumOperator, flux: NumericArray): Float64Array {
  if (flux.length !== op.pixels)
    throw new DomainError(
      `applyApogeeContinuum: flux has ${flux.length} pixels; the operator was built for ${op.pixels}`,
    );
  const m = op.degree + 1;
  const out = new Float64Array(flux.length).fill(NaN);
  for (const { start, end, basis, solve, used } of op.chips) {
    const c = new Float64Array(m);
    for (let j = 0; j < end - start; j++) {
      const y = Number(flux[start + j]);
      if (!used[j]) continue;
      for (let q = 0; q < m; q++) c[q] += solve[j * m + q]! * y;
    }
    for (let j = 0; j < end - start; j++) {
      let s = 0;
      for (let q = 0; q < m; q++) s += basis[j * m + q]! * c[q]!;
      out[start + j] = s;
    }
  }
  return out;
}

/** APOGEE continuum normalisation: flux / continuum, the continuum fitted with weights 1/σ (see apogeeContinuumOperator). */
export function apogeeContinuumNormalize(
  flux: NumericArray,
  sigma: NumericArray,
  options: ApogeeContinuumOptions,
): { flux: Float64Array; continuum: Float64Array } {
  const continuum = applyApogeeContinuum(apogeeContinuumOperator(sigma, options), flux);
  return { flux: Float64Array.from(continuum, (c, i) => Number(flux[i]) / c), continuum };
}

/** Inverse of a symmetric positive-definite matrix by Cholesky (float64). */
function invertSpd(A: Float64Array, m: number, where: string): Float64Array {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * m + j]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      if (i === j) {
        if (!(s > 0))
          throw new DomainError(
            `apogeeContinuumOperator: the continuum fit of ${where} is singular (too few or degenerate continuum pixels)`,
          );
        L[i * m + i] = Math.sqrt(s);
      } else L[i * m + j] = s / L[j * m + j]!;
    }
  }
  const inv = new Float64Array(m * m);
  for (let col = 0; col < m; col++) {
    const y = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i * m + k]! * y[k]!;
      y[i] = s / L[i * m + i]!;
    }
    for (let i = m - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < m; k++) s -= L[k * m + i]! * inv[k * m + col]!;
      inv[i * m + col] = s / L[i * m + i]!;
    }
  }
  return inv;
}
