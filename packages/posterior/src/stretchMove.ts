import { Xoshiro128 } from './Xoshiro128';

/** The state of one spectrum's ensemble between iterations: JSON-able, so a run can be saved and resumed exactly. */
export interface EnsembleState {
  /** [walkers × labels] unconstrained positions, row-major. */
  walkers: number[];
  logp: number[];
  /** Iterations done (burn-in first). */
  iteration: number;
  /** Burn-in iterations (discarded). */
  burnIn: number;
  /** Proposals accepted and made after burn-in (acceptance fraction). */
  accepted: number;
  proposed: number;
  rng: number[];
}

/** Batched log-density of rows of z (one row per walker, row r belongs to spectrum `spectrum[r]`). */
export type BatchDensity = (z: Float64Array, spectrum: Int32Array) => Float64Array;

/**
 * Runs `iterations` iterations of the affine-invariant ensemble sampler (Goodman & Weare 2010) with the stretch move
 * and the two-halves parallel update of emcee (Foreman-Mackey et al. 2013, Algorithm 3), for every spectrum at once:
 * each half-step evaluates the proposals of all spectra in one batched call. Walkers move in the unconstrained space;
 * `dimension[b]` (free labels of spectrum b) sets the z^(d−1) factor; fixed labels stay put because every walker of
 * a spectrum holds the same value. `onDraw(b, walkers)` receives each post-burn-in ensemble.
 */
export function runStretchMove(
  states: EnsembleState[],
  labels: number,
  dimension: Int32Array,
  iterations: number,
  density: BatchDensity,
  onDraw: (b: number, walkers: Float64Array) => void,
  a = 2,
): void {
  const B = states.length;
  const W = states[0]!.logp.length;
  const L = labels;
  const half = W / 2;
  const rngs = states.map((s) => new Xoshiro128(s.rng));
  const pos = states.map((s) => Float64Array.from(s.walkers));
  const logp = states.map((s) => Float64Array.from(s.logp));
  const rows = B * half;
  const z = new Float64Array(rows * L);
  const spectrum = Int32Array.from({ length: rows }, (_, r) => Math.floor(r / half));
  const stretch = new Float64Array(rows);
  for (let it = 0; it < iterations; it++) {
    for (const first of [0, half]) {
      const other = half - first;
      for (let b = 0; b < B; b++) {
        const rng = rngs[b]!;
        for (let k = 0; k < half; k++) {
          const r = b * half + k;
          const j = other + rng.int(half);
          const zz = ((a - 1) * rng.next() + 1) ** 2 / a;
          stretch[r] = zz;
          for (let l = 0; l < L; l++) {
            const xj = pos[b]![j * L + l]!;
            z[r * L + l] = xj + zz * (pos[b]![(first + k) * L + l]! - xj);
          }
        }
      }
      const lp = density(z, spectrum);
      for (let b = 0; b < B; b++) {
        const s = states[b]!;
        const rng = rngs[b]!;
        const d = dimension[b]!;
        for (let k = 0; k < half; k++) {
          const r = b * half + k;
          const w = first + k;
          const logq = (d - 1) * Math.log(stretch[r]!) + lp[r]! - logp[b]![w]!;
          const accept = Math.log(rng.next()) < logq;
          if (s.iteration >= s.burnIn) {
            s.proposed += 1;
            if (accept) s.accepted += 1;
          }
          if (accept) {
            logp[b]![w] = lp[r]!;
            for (let l = 0; l < L; l++) pos[b]![w * L + l] = z[r * L + l]!;
          }
        }
      }
    }
    for (let b = 0; b < B; b++) {
      const s = states[b]!;
      if (s.iteration >= s.burnIn) onDraw(b, pos[b]!);
      s.iteration += 1;
    }
  }
  states.forEach((s, b) => {
    s.walkers = Array.from(pos[b]!);
    s.logp = Array.from(logp[b]!);
    s.rng = rngs[b]!.state;
  });
}
