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
  const coef = apogeeContinuumCoefficients(op, x, xOffset);
  for (let chip = 0; chip < op.chips.length; chip++) {
    const { start, end, basis } = op.chips[chip]!;
    const o = chip * m;
    const n = end - start;
    const at = outOffset + start;
    if (m === 5) {
      // The survey's degree 4, unrolled (this loop is most of the operator's cost).
      const c0 = coef[o]!;
      const c1 = coef[o + 1]!;
      const c2 = coef[o + 2]!;
      const c3 = coef[o + 3]!;
      const c4 = coef[o + 4]!;
      for (let j = 0, b = 0; j < n; j++, b += 5)
        out[at + j] =
          basis[b]! * c0 + basis[b + 1]! * c1 + basis[b + 2]! * c2 + basis[b + 3]! * c3 + basis[b + 4]! * c4;
    } else {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < m; q++) s += basis[j * m + q]! * coef[o + q]!;
        out[at + j] = s;
      }
    }
  }
}

/** Per chip, the continuum pixels (absolute index) and their rows of `solve`, packed (the fit reads only these). */
interface PackedContinuum {
  pixels: Int32Array[];
  solve: Float64Array[];
}
const packed = new WeakMap<ApogeeContinuumOperator, PackedContinuum>();

function packedOf(op: ApogeeContinuumOperator): PackedContinuum {
  let p = packed.get(op);
  if (!p) {
    const m = op.degree + 1;
    p = { pixels: [], solve: [] };
    for (const { start, end, solve, used } of op.chips) {
      const js = Array.from({ length: end - start }, (_, j) => j).filter((j) => used[j]);
      p.pixels.push(Int32Array.from(js, (j) => start + j));
      p.solve.push(
        Float64Array.from({ length: js.length * m }, (_, k) => solve[js[Math.floor(k / m)]! * m + (k % m)]!),
      );
    }
    packed.set(op, p);
  }
  return p;
}

/**
 * The continuum fit's coefficients of x[xOffset …] per chip (chips × (degree + 1), in the operator's Chebyshev
 * basis): Gᵀx over the continuum pixels only.
 */
export function apogeeContinuumCoefficients(
  op: ApogeeContinuumOperator,
  x: ArrayLike<number>,
  xOffset = 0,
): Float64Array {
  const m = op.degree + 1;
  const { pixels, solve } = packedOf(op);
  const out = new Float64Array(op.chips.length * m);
  for (let chip = 0; chip < pixels.length; chip++) {
    const px = pixels[chip]!;
    const sv = solve[chip]!;
    for (let k = 0; k < px.length; k++) {
      const y = x[xOffset + px[k]!]!;
      for (let q = 0; q < m; q++) out[chip * m + q]! += sv[k * m + q]! * y;
    }
  }
  return out;
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
