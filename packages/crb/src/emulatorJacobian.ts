import * as tf from '@tensorflow/tfjs';
import { DomainError, ShapeError, type Emulator } from '@astroemu/emulator-core';

/** ∂flux/∂labels for a batch of label vectors, float64 on the host. */
export interface Jacobian {
  /** Number of label vectors B. */
  batch: number;
  /** Number of pixels M (after the operator, if any). */
  pixels: number;
  /** Names of the labels differentiated (columns), in order. */
  labelNames: string[];
  /** [B, M, L] row-major: values[(b·M + m)·L + l] = ∂flux_bm/∂label_l, label in physical units. */
  values: Float64Array;
  /** [B, M] flux at the label vectors. */
  flux: Float64Array;
  /** Emulator rows predicted to build it. */
  emulatorEvaluations: number;
}

/** Options of {@link emulatorJacobian}. */
export interface JacobianOptions {
  /**
   * 'central-difference' (default): (f(s + h e_l) − f(s − h e_l)) / 2h in the emulator's scaled label space
   * (s = (x − min)/(max − min) − 0.5), all 2L perturbed rows of all label vectors batched into predict calls;
   * error O(h²) + float32 round-off ≈ 6e-8/h. A label within h of its box's edge gets the one-sided second-order
   * difference (−3f(s) + 4f(s ± h) − f(s ± 2h)) / (±2h) on the inside instead (no row leaves the box). 'autodiff': exact reverse mode with tf.grad — each label row
   * is replicated once per pixel of a chunk and the gradient of Σ_c flux[c, m0 + c] gives one Jacobian
   * row per replica; costs M emulator rows per label vector, so use it when M is small.
   */
  method?: 'central-difference' | 'autodiff';
  /** Step h in scaled label units (default 1e-3, i.e. 0.1 % of each label's range). */
  step?: number;
  /** Labels to differentiate (default all); the others stay at their values. */
  labels?: readonly string[];
  /** Wavelengths for wavelength-conditioned emulators (passed to predict). */
  wavelength?: Float64Array;
  /** Differentiable observation operator applied to the predicted flux ([B, M] → [B, M']), e.g. an LSF. */
  operator?: (flux: tf.Tensor2D) => tf.Tensor2D;
  /** Largest number of rows per predict call (default 512). */
  maxRows?: number;
}

/** Checks and converts label vectors given as number[][] or a row-major array to a Float64Array [B·L]. */
export function toLabelMatrix(
  who: string,
  labels: ArrayLike<number> | readonly ArrayLike<number>[],
  L: number,
): Float64Array {
  let flat: Float64Array;
  if (Array.isArray(labels) && labels.length > 0 && typeof labels[0] !== 'number') {
    const rows = labels as readonly ArrayLike<number>[];
    flat = new Float64Array(rows.length * L);
    rows.forEach((r, b) => {
      if (r.length !== L)
        throw new ShapeError(
          `${who}: label vector ${b} must have ${L} values (one per emulator label); got ${r.length}`,
        );
      for (let l = 0; l < L; l++) flat[b * L + l] = r[l];
    });
  } else {
    flat = Float64Array.from(labels as ArrayLike<number>);
    if (flat.length === 0 || flat.length % L !== 0) {
      throw new ShapeError(`${who}: labels must hold B × ${L} values (row-major); got ${flat.length}`);
    }
  }
  flat.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw new DomainError(`${who}: label ${i % L} of vector ${Math.floor(i / L)} must be finite; got ${v}`);
  });
  return flat;
}

/** Resolves label names to column indices of the emulator's label vector. */
export function labelIndices(who: string, emulator: Emulator, names?: readonly string[]): number[] {
  const all = emulator.labels.map((s) => s.name);
  if (names === undefined) return all.map((_, i) => i);
  return names.map((n) => {
    const i = all.indexOf(n);
    if (i < 0) throw new DomainError(`${who}: unknown label '${n}'; expected one of ${all.join(', ')}`);
    return i;
  });
}

/** Predicts rows (physical labels, float64 host) in chunks, applying the operator; returns [R, M] float64. */
export function predictRows(
  emulator: Emulator,
  rows: Float64Array,
  L: number,
  options: Pick<JacobianOptions, 'wavelength' | 'operator' | 'maxRows'> = {},
): { flux: Float64Array; pixels: number } {
  const R = rows.length / L;
  const maxRows = options.maxRows ?? 512;
  const parts: Float32Array[] = [];
  let pixels = 0;
  for (let r0 = 0; r0 < R; r0 += maxRows) {
    const r1 = Math.min(R, r0 + maxRows);
    const out = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(rows.subarray(r0 * L, r1 * L)), [r1 - r0, L]);
      const f = emulator.predict(x, options.wavelength);
      return options.operator ? options.operator(f) : f;
    });
    pixels = out.shape[1];
    parts.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const flux = new Float64Array(R * pixels);
  let o = 0;
  for (const p of parts) {
    flux.set(p, o);
    o += p.length;
  }
  return { flux, pixels };
}

/**
 * The Jacobian J = ∂flux/∂labels (physical units) of an emulator at B label vectors, batched: see
 * {@link JacobianOptions.method}. Labels are physical, as number[][] or row-major B × L values.
 */
export function emulatorJacobian(
  emulator: Emulator,
  labels: ArrayLike<number> | readonly ArrayLike<number>[],
  options: JacobianOptions = {},
): Jacobian {
  const who = 'emulatorJacobian';
  const L = emulator.labels.length;
  const x = toLabelMatrix(who, labels, L);
  const B = x.length / L;
  const cols = labelIndices(who, emulator, options.labels);
  const P = cols.length;
  const labelNames = cols.map((c) => emulator.labels[c].name);
  if ((options.method ?? 'central-difference') === 'autodiff')
    return autodiffJacobian(emulator, x, B, cols, labelNames, options);
  const h = options.step ?? 1e-3;
  if (!(h > 0 && h < 0.5)) throw new DomainError(`${who}: step must be in (0, 0.5) scaled label units; got ${h}`);
  const rowsPer = 1 + 2 * P;
  const rows = new Float64Array(B * rowsPer * L);
  /** Per (vector, label): 0 central; +1 / −1 one-sided forwards / backwards (the label is within h of its bound). */
  const side = new Int8Array(B * P);
  const denom = new Float64Array(B * P);
  /** One-sided: the (rounded, signed) steps to the near and far rows. */
  const near = new Float64Array(B * P);
  const far = new Float64Array(B * P);
  for (let b = 0; b < B; b++) {
    const base = x.subarray(b * L, (b + 1) * L);
    for (let r = 0; r < rowsPer; r++) rows.set(base, (b * rowsPer + r) * L);
    cols.forEach((c, p) => {
      const { min, max } = emulator.labels[c];
      const dx = h * (max - min);
      // The rows travel as float32: difference the rounded values so the step is the one applied. A label within h
      // of its bound gets the second-order one-sided difference on the inside (grid emulators refuse labels
      // outside their box): (−3f(x) + 4f(x ± h) − f(x ± 2h)) / (±2h).
      const up = Math.fround(base[c] + dx);
      const dn = Math.fround(base[c] - dx);
      let a = up;
      let z = dn;
      if (up > max && dn >= min) side[b * P + p] = -1;
      else if (dn < min && up <= max) side[b * P + p] = 1;
      if (side[b * P + p] !== 0) {
        const s = side[b * P + p];
        a = Math.fround(base[c] + s * dx);
        z = Math.fround(base[c] + 2 * s * dx);
        if (z < min || z > max)
          throw new DomainError(
            `${who}: label '${emulator.labels[c].name}' of vector ${b} (${base[c]}) leaves no room for a one-sided difference of step ${h} inside [${min}, ${max}]`,
          );
        const x0 = Math.fround(base[c]);
        near[b * P + p] = a - x0;
        far[b * P + p] = z - x0;
      } else denom[b * P + p] = up - dn;
      rows[(b * rowsPer + 1 + 2 * p) * L + c] = a;
      rows[(b * rowsPer + 2 + 2 * p) * L + c] = z;
    });
  }
  const { flux: all, pixels: M } = predictRows(emulator, rows, L, options);
  const values = new Float64Array(B * M * P);
  const flux = new Float64Array(B * M);
  for (let b = 0; b < B; b++) {
    const r0 = b * rowsPer;
    flux.set(all.subarray(r0 * M, (r0 + 1) * M), b * M);
    for (let p = 0; p < P; p++) {
      const o1 = (r0 + 1 + 2 * p) * M;
      const o2 = (r0 + 2 + 2 * p) * M;
      const k = b * P + p;
      if (side[k] === 0) {
        const inv = 1 / denom[k];
        for (let m = 0; m < M; m++) values[(b * M + m) * P + p] = (all[o1 + m] - all[o2 + m]) * inv;
      } else {
        // three-point one-sided derivative for steps h1, h2 (exact for quadratics; (−3, 4, −1)/2h when h2 = 2h1)
        const [h1, h2] = [near[k], far[k]];
        const c0 = -(h1 + h2) / (h1 * h2);
        const c1 = h2 / (h1 * (h2 - h1));
        const c2 = -h1 / (h2 * (h2 - h1));
        const o0 = r0 * M;
        for (let m = 0; m < M; m++)
          values[(b * M + m) * P + p] = c0 * all[o0 + m] + c1 * all[o1 + m] + c2 * all[o2 + m];
      }
    }
  }
  return { batch: B, pixels: M, labelNames, values, flux, emulatorEvaluations: B * rowsPer };
}

function autodiffJacobian(
  emulator: Emulator,
  x: Float64Array,
  B: number,
  cols: number[],
  labelNames: string[],
  options: JacobianOptions,
): Jacobian {
  const L = emulator.labels.length;
  const P = cols.length;
  const maxRows = options.maxRows ?? 512;
  const apply = (lab: tf.Tensor2D): tf.Tensor2D => {
    const f = emulator.predict(lab, options.wavelength);
    return options.operator ? options.operator(f) : f;
  };
  const { flux, pixels: M } = predictRows(emulator, x, L, options);
  const values = new Float64Array(B * M * P);
  let evaluations = B;
  for (let b = 0; b < B; b++) {
    for (let m0 = 0; m0 < M; m0 += maxRows) {
      const C = Math.min(maxRows, M - m0);
      const g = tf.tidy(() => {
        const rows = tf.tile(tf.tensor2d(Float32Array.from(x.subarray(b * L, (b + 1) * L)), [1, L]), [C, 1]);
        const pick = tf.oneHot(tf.range(m0, m0 + C, 1, 'int32'), M).toFloat();
        return tf.grad((lab: tf.Tensor) =>
          apply(lab as tf.Tensor2D)
            .mul(pick)
            .sum(),
        )(rows);
      });
      const gv = g.dataSync();
      g.dispose();
      for (let c = 0; c < C; c++) for (let p = 0; p < P; p++) values[(b * M + m0 + c) * P + p] = gv[c * L + cols[p]];
      evaluations += C;
    }
  }
  return { batch: B, pixels: M, labelNames, values, flux, emulatorEvaluations: evaluations };
}
