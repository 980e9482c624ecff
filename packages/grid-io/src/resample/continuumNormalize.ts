import { DomainError } from './errors';
import { checkSameLength, checkWavelength, type NumericArray } from './validate';

export interface ContinuumOptions {
  /** Chebyshev degree per segment (default 3). */
  degree?: number;
  /** Segments as [λ_start, λ_end] (inclusive); default: split where a gap exceeds `gapFactor` × the median step. */
  segments?: [number, number][];
  /** Gap detection: a step larger than gapFactor × median step starts a new segment (default 10). */
  gapFactor?: number;
  /** Rejection thresholds in units of the residual standard deviation (defaults 2 below, 3 above). */
  sigmaLow?: number;
  sigmaHigh?: number;
  /** Maximum clipping iterations (default 10). */
  maxIterations?: number;
  /** Optional weights (e.g. ivar): least squares weighted by these (0 = ignore pixel). */
  weights?: NumericArray;
}

/** Least-squares Chebyshev fit of y on x ∈ [−1, 1] with weights w (normal equations in float64). */
function chebFit(x: Float64Array, y: Float64Array, w: Float64Array, deg: number): Float64Array {
  const m = deg + 1;
  const A = new Float64Array(m * m);
  const b = new Float64Array(m);
  const T = new Float64Array(m);
  for (let k = 0; k < x.length; k++) {
    if (!(w[k]! > 0)) continue;
    chebBasis(x[k]!, T);
    for (let p = 0; p < m; p++) {
      b[p] += w[k]! * T[p]! * y[k]!;
      for (let q = 0; q <= p; q++) A[p * m + q] += w[k]! * T[p]! * T[q]!;
    }
  }
  for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) A[p * m + q] = A[q * m + p]!;
  // Gaussian elimination with partial pivoting
  const c = b.slice();
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(A[r * m + col]!) > Math.abs(A[piv * m + col]!)) piv = r;
    if (A[piv * m + col] === 0) throw new DomainError(`continuumNormalize: too few points for a degree-${deg} fit`);
    if (piv !== col) {
      for (let q = 0; q < m; q++) [A[col * m + q], A[piv * m + q]] = [A[piv * m + q]!, A[col * m + q]!];
      [c[col], c[piv]] = [c[piv]!, c[col]!];
    }
    for (let r = col + 1; r < m; r++) {
      const f = A[r * m + col]! / A[col * m + col]!;
      for (let q = col; q < m; q++) A[r * m + q] -= f * A[col * m + q]!;
      c[r] -= f * c[col]!;
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = c[r]!;
    for (let q = r + 1; q < m; q++) s -= A[r * m + q]! * c[q]!;
    c[r] = s / A[r * m + r]!;
  }
  return c;
}

function chebBasis(x: number, T: Float64Array): void {
  T[0] = 1;
  if (T.length > 1) T[1] = x;
  for (let k = 2; k < T.length; k++) T[k] = 2 * x * T[k - 1]! - T[k - 2]!;
}

function chebEval(x: number, c: Float64Array): number {
  const T = new Float64Array(c.length);
  chebBasis(x, T);
  let s = 0;
  for (let k = 0; k < c.length; k++) s += c[k]! * T[k]!;
  return s;
}

/** Index ranges [start, end) of segments split at gaps. */
export function detectSegments(wavelength: NumericArray, gapFactor = 10): [number, number][] {
  const n = wavelength.length;
  const steps = Float64Array.from({ length: Math.max(0, n - 1) }, (_, i) => wavelength[i + 1]! - wavelength[i]!).sort();
  const median = steps.length ? steps[Math.floor(steps.length / 2)]! : 0;
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 1; i < n; i++) {
    if (wavelength[i]! - wavelength[i - 1]! > gapFactor * median) {
      out.push([start, i]);
      start = i;
    }
  }
  out.push([start, n]);
  return out;
}

/**
 * Continuum normalisation: per segment, an iteratively sigma-clipped Chebyshev fit.
 * x = 2(λ − λ_first)/(λ_last − λ_first) − 1 over the segment's pixels; each iteration fits the kept
 * pixels (weighted), computes residuals r = f − fit and their (unweighted) standard deviation σ over
 * the kept pixels, and keeps pixels with −sigmaLow·σ ≤ r ≤ sigmaHigh·σ (all pixels are re-tested);
 * it stops when the kept set does not change or after maxIterations. Non-finite flux is never kept.
 */
export function continuumNormalize(
  wavelength: NumericArray,
  flux: NumericArray,
  options: ContinuumOptions = {},
): { continuum: Float64Array; normalized: Float64Array } {
  const fn = 'continuumNormalize';
  checkWavelength(fn, 'wavelength', wavelength);
  checkSameLength(fn, 'flux', flux, 'wavelength', wavelength);
  if (options.weights) checkSameLength(fn, 'weights', options.weights, 'wavelength', wavelength);
  const deg = options.degree ?? 3;
  const lowK = options.sigmaLow ?? 2;
  const highK = options.sigmaHigh ?? 3;
  const maxIt = options.maxIterations ?? 10;
  if (!Number.isInteger(deg) || deg < 0)
    throw new DomainError(`Argument 'degree' passed to '${fn}' must be an integer ≥ 0; got ${deg}`);
  let ranges: [number, number][];
  if (options.segments) {
    ranges = options.segments.map(([a, b], s) => {
      if (!(a < b))
        throw new DomainError(`Argument 'segments' passed to '${fn}': segment ${s} [${a}, ${b}] must have start < end`);
      let i0 = 0;
      while (i0 < wavelength.length && wavelength[i0]! < a) i0++;
      let i1 = i0;
      while (i1 < wavelength.length && wavelength[i1]! <= b) i1++;
      return [i0, i1];
    });
  } else {
    ranges = detectSegments(wavelength, options.gapFactor ?? 10);
  }
  const continuum = new Float64Array(wavelength.length).fill(NaN);
  for (const [i0, i1] of ranges) {
    const n = i1 - i0;
    if (n === 0) continue;
    const lo = wavelength[i0]!;
    const hi = wavelength[i1 - 1]!;
    const x = Float64Array.from({ length: n }, (_, k) =>
      n > 1 ? (2 * (wavelength[i0 + k]! - lo)) / (hi - lo) - 1 : 0,
    );
    const y = Float64Array.from({ length: n }, (_, k) => flux[i0 + k]!);
    const base = Float64Array.from({ length: n }, (_, k) =>
      Number.isFinite(y[k]!) ? (options.weights ? options.weights[i0 + k]! : 1) : 0,
    );
    let keep = Uint8Array.from(base, (b) => (b > 0 ? 1 : 0));
    if (keep.reduce((a, b) => a + b, 0) < deg + 1) {
      throw new DomainError(
        `Argument 'flux' passed to '${fn}': segment [${lo}, ${hi}] Å has fewer than ${deg + 1} usable pixels`,
      );
    }
    let coef: Float64Array = new Float64Array(deg + 1);
    for (let it = 0; it < Math.max(1, maxIt); it++) {
      coef = chebFit(
        x,
        y,
        Float64Array.from(base, (b, k) => (keep[k] ? b : 0)),
        deg,
      );
      let s = 0;
      let s2 = 0;
      let m = 0;
      const r = Float64Array.from(x, (xx, k) => y[k]! - chebEval(xx, coef));
      for (let k = 0; k < n; k++) {
        if (!keep[k]) continue;
        s += r[k]!;
        s2 += r[k]! * r[k]!;
        m++;
      }
      const mean = s / m;
      const sigma = Math.sqrt(Math.max(0, s2 / m - mean * mean));
      const next = Uint8Array.from(r, (rk, k) => (base[k]! > 0 && rk >= -lowK * sigma && rk <= highK * sigma ? 1 : 0));
      if (next.every((v, k) => v === keep[k]) || next.reduce((a, b) => a + b, 0) < deg + 1) break;
      keep = next;
    }
    for (let k = 0; k < n; k++) continuum[i0 + k] = chebEval(x[k]!, coef);
  }
  const normalized = Float64Array.from(continuum, (c, i) => flux[i]! / c);
  return { continuum, normalized };
}
