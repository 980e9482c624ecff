import * as tf from '@tensorflow/tfjs';
import { hostBlas } from '@astroemu/backend';
import type { Emulator } from '@astroemu/emulator-core';
import { SPEED_OF_LIGHT_KMS } from '@astroemu/grid-io';
import { apogeeContinuumInto, apogeeContinuumTransposeInto, apogeeNormalizeColumn } from './apogeeContinuumInto';
import { apogeeNormalizeTensor } from './apogeeContinuumTensor';
import { interpolateTensor } from './interpolateTensor';
import { gramMatrix } from './gramMatrix';
import { applyLookup, buildLookup, differenceColumn, differenceColumns4 } from './interpolationLookup';
import type { PreparedBatch } from './prepareSpectra';
import { RestFluxSource, type RestJacobian } from './restFluxSource';

export type { RestJacobian } from './restFluxSource';

/** What one batched Gauss–Newton evaluation returns, float64 on the host. */
export interface NormalEquations {
  /** [R] χ² = Σ w (y − model)². */
  chi2: Float64Array;
  /** [R, P, P] JᵀWJ and [R, P] JᵀW(y − model); only when the Jacobian was asked for. */
  A?: Float64Array;
  g?: Float64Array;
}

/** What a {@link SpectrumModel} is made of. */
export interface SpectrumModelOptions {
  emulator: Emulator;
  /** The spectra, checked and padded (prepareSpectra). */
  batch: PreparedBatch;
  /** Emulator label columns of the fitted labels, in θ order. */
  free: readonly number[];
  /** [S, L] physical values of every label (free ones ignored). */
  fixedLabels: Float64Array;
  /** Whether θ holds the velocity (else `rvFixed` is used). */
  rvFit: boolean;
  /** [S] velocity (km/s) used when it is not fitted. */
  rvFixed: Float64Array;
  /** Fixed observation operator on the rest-frame flux (LSF, rotation), if any. */
  operator?: (flux: tf.Tensor2D) => tf.Tensor2D;
  /** Largest rows per predict call (default 2048). */
  maxRows?: number;
}

/**
 * The forward model of an observed spectrum for rows of parameters θ (one row per spectrum × start):
 * θ = [free labels in the emulator's scaled units s ∈ [−0.5, 0.5], v (km/s) if fitted, continuum
 * coefficients], model = interp(operator(predict(labels)), ln λ_obs − atanh(v/c)) · Σ c_j basis_j.
 * Two roles: `source` (a {@link RestFluxSource}) predicts the emulator's rest-frame rows, batched; this class observes
 * them — Doppler shift and interpolation onto each spectrum's pixels, continuum, χ², and the normal equations
 * (observeRow, assemble) — on the host, plus the differentiable χ² of the Adam protocol (chi2Tensor).
 * With the batch's APOGEE continuum operators (options.apogeeContinuum) the observed-frame flux E is replaced by
 * E / C(E) before the comparison (C: the spectrum's operator, linear), and every Jacobian column dE by
 * (dE − (E / C(E)) · C(dE)) / C(E), exactly; chi2Tensor applies the same operator as tensors (apogeeContinuumTensor).
 */
export class SpectrumModel {
  readonly emulator: Emulator;
  readonly batch: PreparedBatch;
  readonly free: readonly number[];
  /** [S, L] physical values of every label (free ones ignored). */
  readonly fixedPhys: Float64Array;
  readonly rvFit: boolean;
  /** [S] velocity used when it is not fitted. */
  readonly rvFixed: Float64Array;
  /** The emulator side: rest-frame rows for parameter rows, and the rows it predicted per spectrum. */
  readonly source: RestFluxSource;
  readonly P: number;
  readonly PL: number;
  readonly rvIndex: number;
  readonly contOffset: number;
  private readonly x: tf.Tensor1D;
  /** Float64 ln(λ_rest / λ_rest[0]) of the rest grid (host lookups). */
  private readonly x64: Float64Array;
  private readonly qT: tf.Tensor2D;
  private readonly yT: tf.Tensor2D;
  private readonly wT: tf.Tensor2D;
  private readonly basisT: tf.Tensor3D | null;
  /** ln-λ step when the rest grid is log-uniform (to 1e-4 of a pixel), else undefined. */
  private readonly uniformStep: number | undefined;
  /** [S, K] √w and √w·y of the batch's pixels (float64). */
  private readonly sw: Float64Array;
  private readonly ysw: Float64Array;
  /** Per label column of a row: its emulator row's offset in the finite-difference rows and 1 / step (lerpRows). */
  private columnOffsets = new Int32Array(0);
  private columnScales = new Float64Array(0);
  /** Host buffer [P + 1, K] of √W J and √w r, reused across assemble calls. */
  private scratch = new Float32Array(0);

  constructor(o: SpectrumModelOptions) {
    const { batch, free, rvFit } = o;
    this.emulator = o.emulator;
    this.batch = batch;
    this.free = free;
    this.fixedPhys = o.fixedLabels;
    this.rvFit = rvFit;
    this.rvFixed = o.rvFixed;
    this.PL = free.length;
    this.rvIndex = rvFit ? this.PL : -1;
    this.contOffset = this.PL + (rvFit ? 1 : 0);
    this.P = this.contOffset + batch.C;
    this.source = new RestFluxSource({
      emulator: o.emulator,
      batch,
      free,
      fixedLabels: o.fixedLabels,
      parameters: this.P,
      operator: o.operator,
      maxRows: o.maxRows ?? 2048,
    });
    const S = batch.index.length;
    const { K, C } = batch;
    const rw = batch.restWavelength;
    this.x64 = Float64Array.from(rw, (w) => Math.log(w / rw[0]));
    this.x = tf.keep(tf.tensor1d(Float32Array.from(this.x64)));
    this.qT = tf.keep(tf.tensor2d(Float32Array.from(batch.q), [S, K]));
    this.yT = tf.keep(tf.tensor2d(batch.y, [S, K]));
    this.wT = tf.keep(tf.tensor2d(batch.w, [S, K]));
    this.basisT = C > 0 ? tf.keep(tf.tensor3d(batch.basis, [S, K, C])) : null;
    const n = rw.length;
    const du = Math.log(rw[n - 1] / rw[0]) / Math.max(1, n - 1);
    let uniform = n > 1;
    for (let i = 1; i < n && uniform; i++) uniform = Math.abs(Math.log(rw[i] / rw[0]) - i * du) < 1e-4 * du;
    this.uniformStep = uniform ? du : undefined;
    this.invStep = Float64Array.from({ length: Math.max(0, n - 1) }, (_, i) => 1 / (this.x64[i + 1] - this.x64[i]));
    this.lookupV = new Float64Array(S).fill(NaN);
    this.lookupLo = Array.from({ length: S }, () => new Int32Array(K));
    this.lookupT = Array.from({ length: S }, () => new Float64Array(K));
    this.sw = new Float64Array(batch.w.length);
    this.ysw = new Float64Array(batch.w.length);
    for (let i = 0; i < batch.w.length; i++) {
      this.sw[i] = Math.sqrt(batch.w[i]);
      this.ysw[i] = batch.y[i] * this.sw[i];
    }
  }

  /** Emulator rows predicted per spectrum of the batch (the source's count). */
  get evaluations(): Float64Array {
    return this.source.evaluations;
  }

  /** Rest flux rows [R, N] on the host for parameter rows θ [R, P] (RestFluxSource.restFluxHost). */
  restFluxHost(theta: Float64Array, rowSpectrum: Int32Array): Float32Array {
    return this.source.restFluxHost(theta, rowSpectrum);
  }

  /** The rows of a forward-difference Jacobian at parameter rows θ (RestFluxSource.restJacobian). */
  restJacobian(theta: Float64Array, rowSpectrum: Int32Array, h: number): RestJacobian {
    return this.source.restJacobian(theta, rowSpectrum, h);
  }

  dispose(): void {
    for (const t of [this.x, this.qT, this.yT, this.wT, this.basisT]) t?.dispose();
  }

  /** Rest flux [R, N] → observed-frame emulator flux [R, K] at velocities v [R] (no continuum). */
  shift(rest: tf.Tensor2D, rowSpectrum: Int32Array, v: tf.Tensor1D, restRow?: Int32Array): tf.Tensor2D {
    return tf.tidy(() => {
      const q = tf.gather(this.qT, tf.tensor1d(rowSpectrum, 'int32'));
      const s = tf.atanh(v.div(SPEED_OF_LIGHT_KMS)).reshape([-1, 1]);
      return interpolateTensor(this.x, rest, q.sub(s) as tf.Tensor2D, this.uniformStep, restRow);
    });
  }

  /** Continuum [R, K] from coefficient rows [R, C] (ones when there is no continuum). */
  continuum(coef: tf.Tensor2D, rowSpectrum: Int32Array): tf.Tensor2D {
    return tf.tidy(() => {
      if (!this.basisT) return tf.ones([rowSpectrum.length, this.batch.K]) as tf.Tensor2D;
      const b = tf.gather(this.basisT, tf.tensor1d(rowSpectrum, 'int32'));
      return tf.sum(b.mul(coef.expandDims(1)), 2) as tf.Tensor2D;
    });
  }

  /** Data rows y, w [R, K] for the spectra of the rows. */
  data(rowSpectrum: Int32Array): { y: tf.Tensor2D; w: tf.Tensor2D } {
    return tf.tidy(() => {
      const i = tf.tensor1d(rowSpectrum, 'int32');
      return { y: tf.gather(this.yT, i) as tf.Tensor2D, w: tf.gather(this.wT, i) as tf.Tensor2D };
    });
  }

  velocities(theta: Float64Array, rowSpectrum: Int32Array): Float32Array {
    return Float32Array.from(rowSpectrum, (s, r) => (this.rvFit ? theta[r * this.P + this.rvIndex] : this.rvFixed[s]));
  }

  /**
   * Differentiable χ² per row for the Adam protocol: theta [R, P] tensor → [R] (θ's velocity entry in
   * km/s divided by rvScale). Counts R emulator rows.
   */
  chi2Tensor(theta: tf.Tensor2D, rowSpectrum: Int32Array, rvScale: number): tf.Tensor1D {
    const L = this.emulator.labels.length;
    const R = rowSpectrum.length;
    for (let r = 0; r < R; r++) this.source.evaluations[rowSpectrum[r]]++;
    return tf.tidy(() => {
      const sel = new Float32Array(this.PL * L);
      const mask = new Float32Array(L);
      const min = new Float32Array(L);
      const range = new Float32Array(L);
      this.emulator.labels.forEach((s, c) => {
        min[c] = s.min;
        range[c] = s.max - s.min;
      });
      this.free.forEach((c, p) => {
        sel[p * L + c] = 1;
        mask[c] = 1;
      });
      const fixedRows = new Float32Array(R * L);
      for (let r = 0; r < R; r++)
        fixedRows.set(this.fixedPhys.subarray(rowSpectrum[r] * L, (rowSpectrum[r] + 1) * L), r * L);
      const s = this.PL > 0 ? theta.slice([0, 0], [-1, this.PL]) : tf.zeros([R, 0]);
      const scaledFull = this.PL > 0 ? tf.matMul(s, tf.tensor2d(sel, [this.PL, L])) : tf.zeros([R, L]);
      const mk = tf.tensor1d(mask);
      const phys = tf
        .tensor2d(fixedRows, [R, L])
        .mul(tf.sub(1, mk))
        .add(scaledFull.add(0.5).mul(tf.tensor1d(range)).add(tf.tensor1d(min)).mul(mk));
      const rest = this.source.predict(phys as tf.Tensor2D);
      const v = this.rvFit
        ? theta.slice([0, this.rvIndex], [-1, 1]).reshape([R]).mul(rvScale)
        : tf.tensor1d(Float32Array.from(rowSpectrum, (sp) => this.rvFixed[sp]));
      const e = this.shift(rest, rowSpectrum, v as tf.Tensor1D);
      const cont = this.continuum(
        this.batch.C > 0 ? theta.slice([0, this.contOffset], [-1, this.batch.C]) : tf.zeros([R, 0]),
        rowSpectrum,
      );
      const { y, w } = this.data(rowSpectrum);
      const model = this.batch.apogee ? this.apogeeNormalizeRows(e, rowSpectrum, w) : e.mul(cont);
      return tf.sum(w.mul(tf.square(y.sub(model))), 1) as tf.Tensor1D;
    });
  }

  /**
   * Observed-frame rows e [R, K] divided by their APOGEE continuum, each under its spectrum's operator
   * (apogeeContinuumTensor, differentiable): rows are grouped by spectrum, normalised on the operator's pixels and put
   * back in order; pixels with w = 0 get 0 (no gradient through them).
   */
  private apogeeNormalizeRows(e: tf.Tensor2D, rowSpectrum: Int32Array, w: tf.Tensor2D): tf.Tensor2D {
    const ops = this.batch.apogee!;
    const K = this.batch.K;
    const groups = new Map<number, number[]>();
    rowSpectrum.forEach((s, r) => groups.set(s, [...(groups.get(s) ?? []), r]));
    const order: number[] = [];
    const parts = [...groups].map(([s, rows]) => {
      order.push(...rows);
      const op = ops[s]!;
      const sub = tf.gather(e, tf.tensor1d(rows, 'int32')).slice([0, 0], [-1, op.pixels]) as tf.Tensor2D;
      const n = apogeeNormalizeTensor(op, sub);
      return op.pixels < K
        ? tf.pad(n, [
            [0, 0],
            [0, K - op.pixels],
          ])
        : n;
    });
    const inverse = new Int32Array(order.length);
    order.forEach((r, i) => (inverse[r] = i));
    const normalized = tf.gather(parts.length === 1 ? parts[0]! : tf.concat(parts, 0), tf.tensor1d(inverse, 'int32'));
    return tf.where(w.greater(0), normalized, tf.zerosLike(normalized)) as tf.Tensor2D;
  }

  /**
   * Interpolation lookups [R, K] (host) of the observed pixels of spectrum rowSpectrum[r] shifted by
   * velocity v[r] (km/s) into the rest frame: one per (spectrum, velocity) row, shared by every flux
   * row evaluated at that velocity.
   */
  lookups(rowSpectrum: Int32Array, v: ArrayLike<number>): { lo: Int32Array; t: Float64Array } {
    const K = this.batch.K;
    const R = rowSpectrum.length;
    const lo = new Int32Array(R * K);
    const t = new Float64Array(R * K);
    for (let r = 0; r < R; r++)
      buildLookup(this.x64, this.batch.q, rowSpectrum[r] * K, K, Math.atanh(v[r] / SPEED_OF_LIGHT_KMS), lo, t, r * K);
    return { lo, t };
  }

  /**
   * Observed-frame emulator flux [R, K] (host, no continuum) from rest flux rows read back to the host
   * (`rest`, [rows, N]): row r interpolates rest row restRow[r] at spectrum rowSpectrum[r]'s pixels
   * shifted by v[r]. Not differentiable (the fitters' fast path; chi2Tensor keeps the tensor path).
   */
  shiftHost(rest: ArrayLike<number>, restRow: Int32Array, rowSpectrum: Int32Array, v: ArrayLike<number>): Float32Array {
    const K = this.batch.K;
    const N = this.x64.length;
    const { lo, t } = this.lookups(rowSpectrum, v);
    const out = new Float32Array(rowSpectrum.length * K);
    const ops = this.batch.apogee;
    const cont = ops ? new Float64Array(K) : undefined;
    for (let r = 0; r < rowSpectrum.length; r++) {
      applyLookup(rest, restRow[r] * N, lo, t, r * K, K, out, r * K);
      const op = ops?.[rowSpectrum[r]];
      if (op) {
        apogeeContinuumInto(op, out, r * K, cont!, 0);
        for (let k = 0; k < op.pixels; k++) out[r * K + k] /= cont![k];
      }
    }
    return out;
  }

  /**
   * The cross-correlation's templates [S, N]: rest flux rows (row s for spectrum s) as they are, or, with APOGEE
   * continuum normalisation, divided by their continuum (the operator's, on the observed pixels at v = 0, interpolated
   * back onto the rest grid) so that they look like the normalised data.
   */
  crossCorrelationTemplates(rest: Float32Array): Float32Array {
    const ops = this.batch.apogee;
    if (!ops) return rest;
    const { K, q } = this.batch;
    const N = this.x64.length;
    const out = Float32Array.from(rest);
    const E = new Float64Array(K);
    const cont = new Float64Array(K);
    const lo = new Int32Array(N);
    const t = new Float64Array(N);
    const c = new Float64Array(N);
    ops.forEach((op, s) => {
      const at = this.lookups(Int32Array.of(s), [0]);
      applyLookup(rest, s * N, at.lo, at.t, 0, K, E, 0);
      apogeeContinuumInto(op, E, 0, cont, 0);
      buildLookup(Float64Array.from(q.subarray(s * K, s * K + op.pixels)), this.x64, 0, N, 0, lo, t, 0);
      applyLookup(cont, 0, lo, t, 0, N, c, 0);
      for (let i = 0; i < N; i++) if (c[i] > 0) out[s * N + i] = rest[s * N + i] / c[i];
    });
    return out;
  }

  /** Pixels N of the rest-frame model grid (one emulator row). */
  get restLength(): number {
    return this.x64.length;
  }

  /**
   * One batched Gauss–Newton evaluation at parameter rows θ [R, P] (host float64): χ² and, with
   * `jacobian`, JᵀWJ and JᵀWr. Label columns of J by forward differences of step h (scaled units;
   * 1 + P_L emulator rows per row), the velocity column by central differences of the interpolated
   * flux (no extra emulator rows), continuum columns analytically.
   */
  normalEquations(theta: Float64Array, rowSpectrum: Int32Array, jacobian: boolean, h: number): NormalEquations {
    const rest = this.restFluxHost(theta, rowSpectrum);
    return this.assemble(theta, rowSpectrum, rest, jacobian ? this.restJacobian(theta, rowSpectrum, h) : undefined);
  }

  /**
   * Scratch of observeRow and assemble: the row's interpolated rest flux E0 and, for the label columns, the
   * interpolation weights times √w·continuum (c0 = (1 − t)·cs, c1 = t·cs) and base = E0·cs.
   */
  private rowScratch:
    | {
        E0: Float64Array;
        c0: Float64Array;
        c1: Float64Array;
        base: Float64Array;
        /** APOGEE normalisation: C(E0), E0 / C(E0) and a column's C(dE). */
        cont: Float64Array;
        norm: Float64Array;
        col: Float64Array;
      }
    | undefined;

  /** [N − 1] 1 / (x[i + 1] − x[i]) of the rest grid in ln λ. */
  private readonly invStep: Float64Array;
  /** Per spectrum: the velocity of its cached lookup (NaN: none) and the lookup [K] (lookupAt). */
  private readonly lookupV: Float64Array;
  private readonly lookupLo: Int32Array[];
  private readonly lookupT: Float64Array[];

  /**
   * The interpolation lookup of spectrum s's pixels at velocity v, cached per spectrum (the last velocity): a trial
   * step's lookup serves its Broyden update and the finite-difference Jacobian that follow at the same θ.
   */
  private lookupAt(s: number, v: number): { lo: Int32Array; t: Float64Array } {
    const lo = this.lookupLo[s];
    const t = this.lookupT[s];
    if (!(this.lookupV[s] === v)) {
      const K = this.batch.K;
      buildLookup(this.x64, this.batch.q, s * K, K, Math.atanh(v / SPEED_OF_LIGHT_KMS), lo, t, 0);
      this.lookupV[s] = v;
    }
    return { lo, t };
  }

  /**
   * The observation model of ONE parameter row (θ at thetaOffset, spectrum s) from its rest flux (host, float64):
   * fills √w·model, √w·(y − model) and cs = √w·continuum [K], and, when B is given, the velocity column (the central
   * difference over ± half a rest pixel of the interpolated rest flux) and the continuum columns (analytic) of √W J
   * [P, K] at bOffset; label columns are left alone. E0 stays in the scratch (for assemble's label columns).
   * Returns χ².
   */
  observeRow(
    theta: Float64Array,
    thetaOffset: number,
    s: number,
    rest: Float32Array,
    restOffset: number,
    out: { modelW: Float64Array; rw: Float64Array; cs: Float64Array },
    B?: Float32Array,
    bOffset = 0,
  ): number {
    const { K, C, basis } = this.batch;
    const { sw, ysw } = this;
    const N = this.x64.length;
    if (!this.rowScratch || this.rowScratch.E0.length !== K) {
      const f = () => new Float64Array(K);
      this.rowScratch = { E0: f(), c0: f(), c1: f(), base: f(), cont: f(), norm: f(), col: f() };
    }
    const { E0, cont, norm, col } = this.rowScratch;
    const op = this.batch.apogee?.[s];
    const v = this.rvFit ? theta[thetaOffset + this.rvIndex] : this.rvFixed[s];
    const { lo, t } = this.lookupAt(s, v);
    const o = s * K;
    const { modelW, rw, cs } = out;
    let x2 = 0;
    if (op) {
      // APOGEE normalisation: model E0 / C(E0); cs = 1 on the fitted pixels, so that the columns below are raw dE,
      // normalised afterwards (apogeeNormalizeColumn)
      applyLookup(rest, restOffset, lo, t, 0, K, E0, 0);
      apogeeContinuumInto(op, E0, 0, cont, 0);
      for (let k = 0; k < K; k++) {
        const w = sw[o + k];
        const m = w === 0 ? 0 : E0[k] / cont[k];
        norm[k] = m;
        const res = ysw[o + k] - m * w;
        x2 += res * res;
        modelW[k] = m * w;
        rw[k] = res;
        cs[k] = w === 0 ? 0 : 1;
      }
    } else if (C === 0) {
      for (let k = 0; k < K; k++) {
        const i = restOffset + lo[k];
        const e = rest[i] + t[k] * (rest[i + 1] - rest[i]);
        E0[k] = e;
        const m = e * sw[o + k];
        const res = ysw[o + k] - m;
        x2 += res * res;
        modelW[k] = m;
        rw[k] = res;
        cs[k] = sw[o + k];
      }
    } else {
      applyLookup(rest, restOffset, lo, t, 0, K, E0, 0);
      for (let k = 0; k < K; k++) {
        let c = 0;
        for (let j = 0; j < C; j++) c += theta[thetaOffset + this.contOffset + j] * basis[(o + k) * C + j];
        const m = E0[k] * c * sw[o + k];
        const res = ysw[o + k] - m;
        x2 += res * res;
        modelW[k] = m;
        rw[k] = res;
        cs[k] = c * sw[o + k];
      }
    }
    if (!B) return x2;
    if (this.rvFit) {
      // d model / dv = −(d interp / dx) · d atanh(v/c)/dv, with d interp / dx the central difference over ± half a
      // rest pixel in index space: the slopes of the row's segment and of its neighbour on the side of t, blended
      // (on a uniform grid exactly [interp(x + Δ/2) − interp(x − Δ/2)] / Δ); no slope outside the grid
      const beta = v / SPEED_OF_LIGHT_KMS;
      const scale = -1 / (SPEED_OF_LIGHT_KMS * (1 - beta * beta));
      const { invStep } = this;
      const bp = bOffset + this.rvIndex * K;
      const ro = restOffset;
      for (let k = 0; k < K; k++) {
        const i = lo[k];
        const tk = t[k];
        const si = (rest[ro + i + 1] - rest[ro + i]) * invStep[i];
        let slope: number;
        if (tk >= 0.5) {
          const sn = i + 2 < N ? (rest[ro + i + 2] - rest[ro + i + 1]) * invStep[i + 1] : 0;
          slope = (1.5 - tk) * si + (tk - 0.5) * sn;
        } else {
          const sp = i >= 1 ? (rest[ro + i] - rest[ro + i - 1]) * invStep[i - 1] : 0;
          slope = (0.5 + tk) * si + (0.5 - tk) * sp;
        }
        B[bp + k] = slope * scale * out.cs[k];
      }
      if (op) apogeeNormalizeColumn(op, B, bp, cont, norm, sw, o, col);
    }
    for (let j = 0; j < C; j++) {
      const bp = bOffset + (this.contOffset + j) * K;
      for (let k = 0; k < K; k++) B[bp + k] = basis[(o + k) * C + j] * E0[k] * sw[o + k];
    }
    return x2;
  }

  /**
   * APOGEE normalisation: the covariance Jᵀ W Σ′ W J [P, P] of the normal equations' right-hand side under the noise of
   * the NORMALISED data, whose continuum is fitted to its own noisy pixels: to first order in the noise n,
   * y / C(y) = ȳ / C(ȳ) + Q n with Q n = (n − m · C(n)) / C(y) (m the normalised model), so Σ′ = Q Σ Qᵀ (Σ = diag σ²,
   * the observed σ), and
   * the labels' covariance is the sandwich A⁻¹ (Jᵀ W Σ′ W J) A⁻¹ rather than A⁻¹. `X` [P + 1, K] at xOffset: the row's
   * √W J (assemble's bOut) at θ (row thetaOffset, rest flux at restOffset).
   */
  apogeeNoiseGram(
    theta: Float64Array,
    thetaOffset: number,
    s: number,
    rest: Float32Array,
    restOffset: number,
    X: Float32Array,
    xOffset: number,
  ): Float64Array {
    const op = this.batch.apogee?.[s];
    const dataC = this.batch.dataContinuum?.[s];
    if (!op || !dataC) throw new Error('SpectrumModel.apogeeNoiseGram: the batch has no APOGEE continuum operators');
    const { K, w } = this.batch;
    const { P } = this;
    const n = op.pixels;
    const o = s * K;
    const out = { modelW: new Float64Array(K), rw: new Float64Array(K), cs: new Float64Array(K) };
    this.observeRow(theta, thetaOffset, s, rest, restOffset, out);
    const { norm } = this.rowScratch!;
    const U = Array.from({ length: P }, () => new Float64Array(n));
    const v = new Float64Array(n);
    const t = new Float64Array(n);
    const ct = new Float64Array(n);
    for (let p = 0; p < P; p++) {
      for (let k = 0; k < n; k++) v[k] = w[o + k] > 0 ? (this.sw[o + k] * X[xOffset + p * K + k]) / dataC[k] : 0;
      for (let k = 0; k < n; k++) t[k] = norm[k] * v[k];
      apogeeContinuumTransposeInto(op, t, ct);
      for (let k = 0; k < n; k++) U[p]![k] = v[k] - ct[k];
    }
    const M = new Float64Array(P * P);
    for (let k = 0; k < n; k++) {
      if (!(w[o + k] > 0)) continue;
      const var_ = (dataC[k] * dataC[k]) / w[o + k];
      for (let p = 0; p < P; p++) for (let q = 0; q <= p; q++) M[p * P + q] += var_ * U[p]![k] * U[q]![k];
    }
    for (let p = 0; p < P; p++) for (let q = 0; q < p; q++) M[q * P + p] = M[p * P + q];
    return M;
  }

  /** χ² of ONE parameter row from its rest flux (observeRow without its outputs: the trial steps' fast path). */
  chi2Row(
    theta: Float64Array,
    thetaOffset: number,
    s: number,
    rest: Float32Array,
    restOffset: number,
    out: { modelW: Float64Array; rw: Float64Array; cs: Float64Array },
  ): number {
    const { K, C } = this.batch;
    if (C > 0 || this.batch.apogee) return this.observeRow(theta, thetaOffset, s, rest, restOffset, out);
    const v = this.rvFit ? theta[thetaOffset + this.rvIndex] : this.rvFixed[s];
    const { lo, t } = this.lookupAt(s, v);
    const { sw, ysw } = this;
    const o = s * K;
    let x2 = 0;
    for (let k = 0; k < K; k++) {
      const i = restOffset + lo[k];
      const e = rest[i] + t[k] * (rest[i + 1] - rest[i]);
      const res = ysw[o + k] - e * sw[o + k];
      x2 += res * res;
    }
    return x2;
  }

  /**
   * χ² and, given the rest-frame finite-difference rows `restJ` (restJacobian, aligned with the output rows), JᵀWJ and
   * JᵀWr at parameter rows from their rest flux (host, float64; no emulator rows). Output row r reads row source[r]
   * (default r) of θ [·, P] and rest [·, N], and, if given, writes [√W J; √w r] [P + 1, K] and √w·model [K] to row
   * source[r] of bOut and modelWOut. The observation model is applied exactly (observeRow); label columns are the interpolated
   * differences of the rest rows times √w·continuum. [JᵀWJ | JᵀWr] is the Gram matrix of the rows of [√W J; √w r].
   */
  assemble(
    theta: Float64Array,
    rowSpectrum: Int32Array,
    rest: Float32Array,
    restJ?: RestJacobian,
    source?: ArrayLike<number>,
    bOut?: Float32Array,
    modelWOut?: Float64Array,
  ): NormalEquations {
    const R = rowSpectrum.length;
    const { P, PL } = this;
    const { K } = this.batch;
    const N = this.x64.length;
    const src = source ?? Int32Array.from({ length: R }, (_, r) => r);
    const chi2 = new Float64Array(R);
    const out = { modelW: new Float64Array(K), rw: new Float64Array(K), cs: new Float64Array(K) };
    const P1 = P + 1;
    if (restJ && !bOut && this.scratch.length < P1 * K) this.scratch = new Float32Array(P1 * K);
    const G = new Float64Array(P1 * P1);
    const A = new Float64Array(R * P * P);
    const g = new Float64Array(R * P);
    for (let r = 0; r < R; r++) {
      const q = src[r];
      if (!restJ && !modelWOut) {
        chi2[r] = this.chi2Row(theta, q * P, rowSpectrum[r], rest, q * N, out);
        continue;
      }
      // [√W J; √w r] of this row: in its slot of bOut, else in the scratch
      const X = bOut ? bOut.subarray(q * P1 * K, (q + 1) * P1 * K) : this.scratch.subarray(0, P1 * K);
      chi2[r] = this.observeRow(theta, q * P, rowSpectrum[r], rest, q * N, out, restJ ? X : undefined, 0);
      if (modelWOut) modelWOut.set(out.modelW, q * K);
      if (!restJ) continue;
      // the label columns' interpolation weights times √w·continuum, and the unperturbed row's share
      const { E0, c0, c1, base } = this.rowScratch!;
      const { lo, t } = this.lookupAt(
        rowSpectrum[r],
        this.rvFit ? theta[q * P + this.rvIndex] : this.rvFixed[rowSpectrum[r]],
      );
      for (let k = 0; k < K; k++) {
        c0[k] = (1 - t[k]) * out.cs[k];
        c1[k] = t[k] * out.cs[k];
        base[k] = E0[k] * out.cs[k];
      }
      const { flux, row, step } = restJ;
      const j = r * PL;
      let p = 0;
      const lerp = hostBlas()?.lerpRows;
      if (lerp) {
        // the accelerator's native loop: all label columns in one call
        const offsets =
          this.columnOffsets.length === PL ? this.columnOffsets : (this.columnOffsets = new Int32Array(PL));
        const scales = this.columnScales.length === PL ? this.columnScales : (this.columnScales = new Float64Array(PL));
        for (let c = 0; c < PL; c++) {
          offsets[c] = row[j + c] * N;
          scales[c] = 1 / step[j + c];
        }
        lerp(flux, offsets, lo, c0, c1, base, scales, X, 0);
        p = PL;
      }
      for (; p + 4 <= PL; p += 4) {
        const [a, b, c, d] = [j + p, j + p + 1, j + p + 2, j + p + 3];
        differenceColumns4(
          flux,
          row[a] * N,
          row[b] * N,
          row[c] * N,
          row[d] * N,
          lo,
          c0,
          c1,
          base,
          K,
          1 / step[a],
          1 / step[b],
          1 / step[c],
          1 / step[d],
          X,
          p * K,
          (p + 1) * K,
          (p + 2) * K,
          (p + 3) * K,
        );
      }
      for (; p < PL; p++) differenceColumn(flux, row[j + p] * N, lo, c0, c1, base, K, 1 / step[j + p], X, p * K);
      const op = this.batch.apogee?.[rowSpectrum[r]];
      if (op) {
        const { cont, norm, col } = this.rowScratch!;
        for (p = 0; p < PL; p++) apogeeNormalizeColumn(op, X, p * K, cont, norm, this.sw, rowSpectrum[r] * K, col);
      }
      for (let k = 0; k < K; k++) X[P * K + k] = out.rw[k];
      gramMatrix(X, P1, K, G);
      for (let i = 0; i < P; i++) {
        for (let j = 0; j < P; j++) A[r * P * P + i * P + j] = G[i * P1 + j];
        g[r * P + i] = G[i * P1 + P];
      }
    }
    return restJ ? { chi2, A, g } : { chi2 };
  }
}
