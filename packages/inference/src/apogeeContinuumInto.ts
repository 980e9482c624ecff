import type { ApogeeContinuumOperator } from '@astroemu/grid-io';

/**
 * The APOGEE continuum of x[xOffset …] under an operator (grid-io's applyApogeeContinuum without allocating its
 * output): per chip T · (Gᵀ x) over the chip's used pixels, written to out[outOffset …] (pixels outside every chip are
 * left alone). Host float64; the linear map that the batched fitter applies to its model rows and Jacobian columns.
 */
export function apogeeContinuumInto(
  op: ApogeeContinuumOperator,
  x: ArrayLike<number>,
  xOffset: number,
  out: Float64Array | Float32Array,
  outOffset: number,
): void {
  const m = op.degree + 1;
  const c = new Float64Array(m);
  for (const { start, end, basis, solve, used } of op.chips) {
    c.fill(0);
    for (let j = 0; j < end - start; j++) {
      if (!used[j]) continue;
      const y = x[xOffset + start + j];
      for (let q = 0; q < m; q++) c[q] += solve[j * m + q] * y;
    }
    for (let j = 0; j < end - start; j++) {
      let s = 0;
      for (let q = 0; q < m; q++) s += basis[j * m + q] * c[q];
      out[outOffset + start + j] = s;
    }
  }
}

/**
 * The derivative of the normalised model m = E / C(E) (C: the APOGEE continuum, linear) along a column dE, weighted:
 * x ← √w · (dE − m · C(dE)) / C(E), in place on x[xOffset … xOffset + op.pixels). `cont` = C(E), `norm` = m and `sw`
 * = √w (at swOffset) are the row's; pixels with w = 0 get 0. `scratch` holds op.pixels values.
 */
export function apogeeNormalizeColumn(
  op: ApogeeContinuumOperator,
  x: Float32Array | Float64Array,
  xOffset: number,
  cont: Float64Array,
  norm: Float64Array,
  sw: Float64Array,
  swOffset: number,
  scratch: Float64Array,
): void {
  apogeeContinuumInto(op, x, xOffset, scratch, 0);
  for (let k = 0; k < op.pixels; k++) {
    const w = sw[swOffset + k];
    x[xOffset + k] = w === 0 ? 0 : (w * (x[xOffset + k] - norm[k] * scratch[k])) / cont[k];
  }
}

/**
 * The transpose of the continuum operator, Cᵀ x (per chip G · (Tᵀ x)), written to out[0 … op.pixels): nonzero only on
 * the chips' used pixels.
 */
export function apogeeContinuumTransposeInto(
  op: ApogeeContinuumOperator,
  x: ArrayLike<number>,
  out: Float64Array,
): void {
  const m = op.degree + 1;
  const a = new Float64Array(m);
  for (const { start, end, basis, solve, used } of op.chips) {
    a.fill(0);
    for (let j = 0; j < end - start; j++) {
      const y = x[start + j];
      for (let q = 0; q < m; q++) a[q] += basis[j * m + q] * y;
    }
    for (let j = 0; j < end - start; j++) {
      let s = 0;
      if (used[j]) for (let q = 0; q < m; q++) s += solve[j * m + q] * a[q];
      out[start + j] = s;
    }
  }
}
