import { cholesky, choleskySolve } from '@astroemu/crb';

/**
 * The damped Gauss–Newton step of one row inside the box [lo, hi], by an active set: solves (A + λ·diag(A)) δ = g
 * (A = JᵀWJ, g = JᵀWr, P × P row-major, float64) over the free parameters only. A parameter is held when it sits on a
 * bound and its gradient pushes outwards (δ_i = 0), or when the solve would carry it past a bound (δ_i = bound − θ_i);
 * the others are then solved again with the held displacements moved to the right-hand side, until no free
 * parameter leaves the box (at most P solves; one when nothing is at a bound, as without bounds). Without this, a
 * label clipped at its bound keeps the other parameters at values that assumed it could go further, and their
 * unconstrained step's predicted gain, computed after clipping, can be ≤ 0 far from the constrained minimum.
 * Writes δ and returns true; false when a factorisation fails (the damped matrix is not positive definite: NaN or
 * Inf in J).
 */
export function activeSetStep(
  A: ArrayLike<number>,
  g: ArrayLike<number>,
  lambda: number,
  theta: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  delta: Float64Array,
): boolean {
  const P = g.length;
  let maxDiag = 0;
  for (let i = 0; i < P; i++) maxDiag = Math.max(maxDiag, A[i * P + i]);
  const floor = 1e-12 * maxDiag + 1e-300;
  const held = new Uint8Array(P);
  delta.fill(0);
  for (let i = 0; i < P; i++) if ((theta[i] <= lo[i] && g[i] <= 0) || (theta[i] >= hi[i] && g[i] >= 0)) held[i] = 1;
  for (let pass = 0; pass <= P; pass++) {
    const free: number[] = [];
    for (let i = 0; i < P; i++) if (!held[i]) free.push(i);
    const F = free.length;
    if (F === 0) return true;
    const M = new Float64Array(F * F);
    const b = new Float64Array(F);
    for (let a = 0; a < F; a++) {
      const i = free[a];
      let bi = g[i];
      for (let j = 0; j < P; j++) if (held[j] && delta[j] !== 0) bi -= A[i * P + j] * delta[j];
      b[a] = bi;
      for (let c = 0; c < F; c++) M[a * F + c] = A[i * P + free[c]];
      M[a * F + a] += lambda * A[i * P + i] + floor;
    }
    const L = cholesky(M, F);
    if (!L) return false;
    const d = choleskySolve(L, b, F);
    let clamped = false;
    for (let a = 0; a < F; a++) {
      const i = free[a];
      const t = theta[i] + d[a];
      if (!Number.isFinite(t)) return false;
      if (t < lo[i] || t > hi[i]) {
        held[i] = 1;
        delta[i] = (t < lo[i] ? lo[i] : hi[i]) - theta[i];
        clamped = true;
      } else delta[i] = d[a];
    }
    if (!clamped) return true;
  }
  return true;
}

/** The χ² decrease the quadratic model predicts for step δ: 2δ·g − δᵀAδ (A P × P row-major). */
export function predictedDecrease(A: ArrayLike<number>, g: ArrayLike<number>, delta: ArrayLike<number>): number {
  const P = g.length;
  let predicted = 0;
  for (let i = 0; i < P; i++) {
    let ad = 0;
    for (let j = 0; j < P; j++) ad += A[i * P + j] * delta[j];
    predicted += 2 * delta[i] * g[i] - delta[i] * ad;
  }
  return predicted;
}
