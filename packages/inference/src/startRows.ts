import { linearContinuum } from './linearContinuum';
import type { SpectrumModel } from './spectrumModel';

/** Halton point i (≥ 1) in dimension d, in [0, 1). */
export function halton(i: number, d: number): number {
  const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];
  const b = primes[d % primes.length];
  let f = 1;
  let r = 0;
  let n = i + Math.floor(d / primes.length) * 7919;
  while (n > 0) {
    f /= b;
    r += f * (n % b);
    n = Math.floor(n / b);
  }
  return r;
}

/** Parameter rows θ [S·k, P] (k per spectrum, labels from `labelsScaled(s, j, p)`, velocity v0[s]) and their spectra. */
export function startRows(
  model: SpectrumModel,
  v0: ArrayLike<number>,
  labelsScaled: (s: number, j: number, p: number) => number,
  k: number,
): { th: Float64Array; rows: Int32Array } {
  const { P, PL } = model;
  const S = model.batch.index.length;
  const th = new Float64Array(S * k * P);
  const rows = new Int32Array(S * k);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < k; j++) {
      const r = s * k + j;
      rows[r] = s;
      for (let p = 0; p < PL; p++) th[r * P + p] = labelsScaled(s, j, p);
      if (model.rvFit) th[r * P + model.rvIndex] = v0[s];
    }
  }
  return { th, rows };
}

/**
 * Solves the linear continuum of parameter rows θ from their rest flux (row restRow[r] of `rest`, [·, N]) and writes
 * it into θ; returns their χ².
 */
export function withLinearContinuum(
  model: SpectrumModel,
  th: Float64Array,
  rows: Int32Array,
  rest: Float32Array,
  restRow = Int32Array.from(rows, (_, r) => r),
): Float64Array {
  const { P, batch } = model;
  const v = Float64Array.from(rows, (sp, r) => (model.rvFit ? th[r * P + model.rvIndex] : model.rvFixed[sp]));
  const E = model.shiftHost(rest, restRow, rows, v);
  const { coef, chi2 } = linearContinuum(batch, E, rows);
  for (let r = 0; r < rows.length; r++)
    for (let c = 0; c < batch.C; c++) th[r * P + model.contOffset + c] = coef[r * batch.C + c];
  return chi2;
}

/** Options of {@link multiStart}. */
export interface MultiStartOptions {
  /** Label candidates per spectrum: the box centre, then Halton points of the label box. */
  labelCandidates: number;
  /** Per spectrum, the velocity candidates (the cross-correlation's peaks; [0] is the best). */
  velocities: readonly Float64Array[];
  /** [S, N] rest flux at the box centre (already predicted for the cross-correlation). */
  centreRest: Float32Array;
  /** Starts wanted per spectrum. */
  starts: number;
}

/**
 * The LM's starts, exploring labels AND velocity: every label candidate (the box centre, the reference fitters' p0,
 * then Halton points of the label box; one emulator row each) at every velocity candidate (no emulator rows: the same
 * rest flux, shifted), its linear continuum solved and its χ² evaluated; per spectrum the best `starts` of them that
 * lie in different places (labels ≥ 0.1 of the box apart, or velocities ≥ 3 pixels apart) are returned, so that a
 * second start does not fall back into the basin of the first. Returns θ rows, their spectra and rest flux.
 */
export function multiStart(
  model: SpectrumModel,
  o: MultiStartOptions,
): { th: Float64Array; rows: Int32Array; rest: Float32Array } {
  const { P, PL, batch } = model;
  const S = batch.index.length;
  const N = model.restLength;
  const nL = o.labelCandidates;
  const labelRows = startRows(model, new Float64Array(S), (_s, j, p) => (j === 0 ? 0 : halton(j, p) - 0.5), nL);
  const rest = new Float32Array(S * nL * N);
  const extra = [...Array(S * nL).keys()].filter((r) => r % nL !== 0);
  const extraRest = model.restFluxHost(
    Float64Array.from(extra.flatMap((r) => Array.from(labelRows.th.subarray(r * P, (r + 1) * P)))),
    Int32Array.from(extra, (r) => labelRows.rows[r]),
  );
  for (let s = 0; s < S; s++) rest.set(o.centreRest.subarray(s * N, (s + 1) * N), s * nL * N);
  extra.forEach((r, i) => rest.set(extraRest.subarray(i * N, (i + 1) * N), r * N));
  // candidate rows: (spectrum, label candidate, velocity candidate)
  const restRow: number[] = [];
  const spectrum: number[] = [];
  const velocity: number[] = [];
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < nL; j++) {
      for (const v of o.velocities[s]) {
        restRow.push(s * nL + j);
        spectrum.push(s);
        velocity.push(v);
      }
    }
  }
  const C = restRow.length;
  const th = new Float64Array(C * P);
  restRow.forEach((lr, c) => {
    th.set(labelRows.th.subarray(lr * P, (lr + 1) * P), c * P);
    if (model.rvFit) th[c * P + model.rvIndex] = velocity[c];
  });
  const chi2 = withLinearContinuum(model, th, Int32Array.from(spectrum), rest, Int32Array.from(restRow));
  const apart = (a: number, b: number) => {
    let d = 0;
    for (let p = 0; p < PL; p++) d = Math.max(d, Math.abs(th[a * P + p] - th[b * P + p]));
    const dv = model.rvFit ? Math.abs(velocity[a] - velocity[b]) : 0;
    return d >= 0.1 || dv >= 3 * batch.pixelVelocity[spectrum[a]];
  };
  const chosen: number[][] = Array.from({ length: S }, () => []);
  const order = [...Array(C).keys()].sort((a, b) => spectrum[a] - spectrum[b] || chi2[a] - chi2[b]);
  for (const c of order) {
    const mine = chosen[spectrum[c]];
    if (mine.length < o.starts && mine.every((other) => apart(c, other))) mine.push(c);
  }
  const picks = chosen.flat();
  const out = {
    th: new Float64Array(picks.length * P),
    rows: Int32Array.from(picks, (c) => spectrum[c]),
    rest: new Float32Array(picks.length * N),
  };
  picks.forEach((c, i) => {
    out.th.set(th.subarray(c * P, (c + 1) * P), i * P);
    out.rest.set(rest.subarray(restRow[c] * N, (restRow[c] + 1) * N), i * N);
  });
  return out;
}
