/**
 * Host-side linear-interpolation lookups (np.interp semantics: edge values repeated outside), the
 * non-differentiable fast path of the fitters. A lookup holds, for K query positions, the left
 * bracketing pixel `lo` of the grid x and the weight t ∈ [0, 1] of pixel lo + 1. It depends only on
 * the query positions (for a spectrum: its pixels and its velocity), so one lookup serves every
 * flux row evaluated for that (spectrum, velocity), e.g. all 1 + P_L rows of a forward-difference
 * Jacobian.
 *
 * Built by a linear-time merge of the (sorted) queries with the (sorted) grid; a query below the
 * previous one falls back to a binary search, so unsorted queries are still correct.
 */
export function buildLookup(
  x: Float64Array,
  query: ArrayLike<number>,
  queryOffset: number,
  K: number,
  /** Subtracted from every query (e.g. atanh(v/c) in ln-λ coordinates). */
  shift: number,
  lo: Int32Array,
  t: Float64Array,
  outOffset: number,
): void {
  const n = x.length;
  if (n < 2) {
    lo.fill(0, outOffset, outOffset + K);
    t.fill(0, outOffset, outOffset + K);
    return;
  }
  const x0 = x[0];
  const xn = x[n - 1];
  let i = 0;
  for (let k = 0; k < K; k++) {
    const q = query[queryOffset + k] - shift;
    const o = outOffset + k;
    if (!(q > x0)) {
      lo[o] = 0;
      t[o] = 0;
      continue;
    }
    if (!(q < xn)) {
      lo[o] = n - 2;
      t[o] = 1;
      continue;
    }
    if (q < x[i]) {
      // not sorted: binary search for the largest i with x[i] <= q
      let a = 0;
      let b = n - 1;
      while (b - a > 1) {
        const m = (a + b) >> 1;
        if (x[m] <= q) a = m;
        else b = m;
      }
      i = a;
    }
    while (x[i + 1] <= q) i++; // terminates: q < x[n − 1]
    lo[o] = i;
    t[o] = (q - x[i]) / (x[i + 1] - x[i]);
  }
}

/** out[outOffset + k] = y[yOffset + lo] + t · (y[yOffset + lo + 1] − y[yOffset + lo]) for the K entries of a lookup. */
export function applyLookup(
  y: ArrayLike<number>,
  yOffset: number,
  lo: Int32Array,
  t: Float64Array,
  lookupOffset: number,
  K: number,
  out: Float64Array | Float32Array,
  outOffset: number,
): void {
  for (let k = 0; k < K; k++) {
    const i = yOffset + lo[lookupOffset + k];
    const w = t[lookupOffset + k];
    const y0 = y[i];
    out[outOffset + k] = w === 0 ? y0 : y0 + w * (y[i + 1] - y0);
  }
}

/**
 * One column of a weighted forward-difference Jacobian from a perturbed rest-frame row: out[outOffset + k] =
 * (c0[k]·y[i] + c1[k]·y[i + 1] − base[k]) · invStep with i = yOffset + lo[k], where c0 = (1 − t)·cs, c1 = t·cs carry a
 * lookup's weights times √w·continuum and base = (the unperturbed row interpolated by the same lookup)·cs: the
 * interpolated rest-frame difference, weighted (interpolation is linear). A small monomorphic helper: the fitters'
 * hot loop.
 */
export function differenceColumn(
  y: Float32Array,
  yOffset: number,
  lo: Int32Array,
  c0: Float64Array,
  c1: Float64Array,
  base: Float64Array,
  K: number,
  invStep: number,
  out: Float32Array,
  outOffset: number,
): void {
  for (let k = 0; k < K; k++) {
    const i = yOffset + lo[k];
    out[outOffset + k] = (c0[k] * y[i] + c1[k] * y[i + 1] - base[k]) * invStep;
  }
}

/**
 * Four columns of {@link differenceColumn} in one pass (rows at yOffsets, steps invSteps, written at outOffsets): the
 * four share the lookup and weight loads, ≈ 3× faster than four single passes in V8.
 */
export function differenceColumns4(
  y: Float32Array,
  y0: number,
  y1: number,
  y2: number,
  y3: number,
  lo: Int32Array,
  c0: Float64Array,
  c1: Float64Array,
  base: Float64Array,
  K: number,
  s0: number,
  s1: number,
  s2: number,
  s3: number,
  out: Float32Array,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
): void {
  for (let k = 0; k < K; k++) {
    const l = lo[k];
    const a = c0[k];
    const b = c1[k];
    const c = base[k];
    out[o0 + k] = (a * y[y0 + l] + b * y[y0 + l + 1] - c) * s0;
    out[o1 + k] = (a * y[y1 + l] + b * y[y1 + l + 1] - c) * s1;
    out[o2 + k] = (a * y[y2 + l] + b * y[y2 + l + 1] - c) * s2;
    out[o3 + k] = (a * y[y3 + l] + b * y[y3 + l + 1] - c) * s3;
  }
}
