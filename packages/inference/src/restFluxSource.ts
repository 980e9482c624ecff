import * as tf from '@tensorflow/tfjs';
import { readFloat32Into } from '@astroemu/backend';
import type { Emulator } from '@astroemu/emulator-core';
import type { PreparedBatch } from './prepareSpectra';

/** Finite-difference rows of the emulator in the rest frame (RestFluxSource.restJacobian). */
export interface RestJacobian {
  /** [U, N] distinct rest flux rows at the perturbed label vectors. */
  flux: Float32Array;
  /** [R · P_L] row of `flux` for (θ row r, label column p). */
  row: Int32Array;
  /** [R · P_L] signed step of label column p at θ row r (scaled units). */
  step: Float64Array;
}

/** What a {@link RestFluxSource} is made of. */
export interface RestFluxSourceOptions {
  emulator: Emulator;
  batch: PreparedBatch;
  /** Emulator label columns of the fitted labels (θ's first P_L entries, scaled units). */
  free: readonly number[];
  /** [S, L] physical values of every label (free ones ignored). */
  fixedLabels: Float64Array;
  /** Length P of a parameter row θ. */
  parameters: number;
  /** Fixed observation operator on the rest-frame flux (LSF, rotation), if any. */
  operator?: (flux: tf.Tensor2D) => tf.Tensor2D;
  /** Largest rows per predict call. */
  maxRows: number;
}

/**
 * The emulator side of the fit: rest-frame flux rows for parameter rows θ (labels in scaled units, the others fixed),
 * batched into few predict calls, rows with equal labels predicted once, read back to the host; and the rows of a
 * forward-difference Jacobian. Counts the rows it predicts per spectrum (`evaluations`).
 */
export class RestFluxSource {
  readonly emulator: Emulator;
  readonly batch: PreparedBatch;
  readonly free: readonly number[];
  readonly fixedPhys: Float64Array;
  readonly operator: ((flux: tf.Tensor2D) => tf.Tensor2D) | undefined;
  readonly maxRows: number;
  readonly P: number;
  readonly PL: number;
  /** Pixels N of the rest-frame model grid (one emulator row). */
  readonly restLength: number;
  /** Emulator rows predicted per spectrum of the batch. */
  readonly evaluations: Float64Array;
  /** Host buffer of restJacobian's rows, reused (valid until the next restJacobian call). */
  private jacobianBuffer = new Float32Array(0);

  constructor(o: RestFluxSourceOptions) {
    this.emulator = o.emulator;
    this.batch = o.batch;
    this.free = o.free;
    this.fixedPhys = o.fixedLabels;
    this.operator = o.operator;
    this.maxRows = o.maxRows;
    this.P = o.parameters;
    this.PL = o.free.length;
    this.restLength = o.batch.restWavelength.length;
    this.evaluations = new Float64Array(o.batch.index.length);
  }

  /** Physical label rows [R, L] for parameter rows (host, float64). */
  physicalLabels(theta: Float64Array, rowSpectrum: Int32Array): Float64Array {
    const L = this.emulator.labels.length;
    const R = rowSpectrum.length;
    const out = new Float64Array(R * L);
    for (let r = 0; r < R; r++) {
      out.set(this.fixedPhys.subarray(rowSpectrum[r] * L, (rowSpectrum[r] + 1) * L), r * L);
      this.free.forEach((c, p) => {
        const { min, max } = this.emulator.labels[c];
        out[r * L + c] = min + (theta[r * this.P + p] + 0.5) * (max - min);
      });
    }
    return out;
  }

  /**
   * Rest-frame flux of the DISTINCT rows of physical labels [R, L] (host float32 [U, N], chunked by maxRows; not for
   * gradients) and, per input row, its row in it. Rows whose labels are equal in float32 (what predict sees) are
   * predicted once: e.g. every spectrum's first guess at the box centre, and the finite-difference rows around it.
   * A predicted row counts as one emulator evaluation, split evenly among the spectra of the rows that share it.
   */
  restFluxDistinct(
    labels: Float64Array,
    rowSpectrum: Int32Array,
    into?: 'jacobian',
  ): { flux: Float32Array; row: Int32Array } {
    const L = this.emulator.labels.length;
    const R = rowSpectrum.length;
    const f32 = Float32Array.from(labels);
    const bits = new Uint32Array(f32.buffer);
    const seen = new Map<string, number>();
    const row = new Int32Array(R);
    const first: number[] = [];
    for (let r = 0; r < R; r++) {
      const key = bits.subarray(r * L, (r + 1) * L).join(',');
      let u = seen.get(key);
      if (u === undefined) {
        u = first.length;
        seen.set(key, u);
        first.push(r);
      }
      row[r] = u;
    }
    const U = first.length;
    const shares = new Int32Array(U);
    for (let r = 0; r < R; r++) shares[row[r]]++;
    for (let r = 0; r < R; r++) this.evaluations[rowSpectrum[r]] += 1 / shares[row[r]];
    const distinct = U === R ? f32 : new Float32Array(U * L);
    if (U < R) first.forEach((r, u) => distinct.set(f32.subarray(r * L, (r + 1) * L), u * L));
    const N = this.restLength;
    // the finite-difference rows (tens of MB per call) go to one reused buffer; other rows to a fresh array
    let flux: Float32Array;
    if (into === 'jacobian') {
      if (this.jacobianBuffer.length < U * N) this.jacobianBuffer = new Float32Array(U * N);
      flux = this.jacobianBuffer.subarray(0, U * N);
    } else flux = new Float32Array(U * N);
    for (let u0 = 0; u0 < U; u0 += this.maxRows) {
      const u1 = Math.min(U, u0 + this.maxRows);
      const t = tf.tidy(() => this.predict(tf.tensor2d(distinct.subarray(u0 * L, u1 * L), [u1 - u0, L])));
      readFloat32Into(t, flux, u0 * N);
      t.dispose();
    }
    return { flux, row };
  }

  /** The emulator's rest flux [B, N] of physical labels [B, L], through the observation operator (a tensor, differentiable). */
  predict(labels: tf.Tensor2D): tf.Tensor2D {
    const f = this.emulator.predict(labels, this.batch.passWavelength ? this.batch.restWavelength : undefined);
    if (!this.operator) return f;
    const g = this.operator(f);
    f.dispose();
    return g;
  }

  /** Rest flux rows [R, N] on the host (float32) for the labels of parameter rows θ [R, P] (distinct rows predicted once). */
  restFluxHost(theta: Float64Array, rowSpectrum: Int32Array): Float32Array {
    const R = rowSpectrum.length;
    if (R === 0) return new Float32Array(0);
    const { flux, row } = this.restFluxDistinct(this.physicalLabels(theta, rowSpectrum), rowSpectrum);
    const N = this.restLength;
    if (flux.length === R * N && row.every((u, r) => u === r)) return flux;
    const out = new Float32Array(R * N);
    for (let r = 0; r < R; r++) out.set(flux.subarray(row[r] * N, (row[r] + 1) * N), r * N);
    return out;
  }

  /**
   * The emulator rows of a forward-difference Jacobian in the rest frame at parameter rows θ [R, P]: row
   * `row[r · P_L + p]` of `flux` is the rest flux at θ_r + step[r · P_L + p] e_p, so that d rest / d θ_p ≈ (that row −
   * rest(θ_r)) / step. P_L rows per θ row, one predict call, distinct rows once (spectra at the same labels share them).
   * Steps of h (scaled units), backwards where a forward step would leave the emulator's box [−0.5, 0.5]. `flux` is a
   * buffer the model reuses: valid until its next restJacobian call.
   */
  restJacobian(theta: Float64Array, rowSpectrum: Int32Array, h: number): RestJacobian {
    const R = rowSpectrum.length;
    const { P, PL } = this;
    const th = new Float64Array(R * PL * P);
    const rows = new Int32Array(R * PL);
    const step = new Float64Array(R * PL);
    for (let r = 0; r < R; r++) {
      for (let p = 0; p < PL; p++) {
        const k = r * PL + p;
        th.set(theta.subarray(r * P, (r + 1) * P), k * P);
        rows[k] = rowSpectrum[r];
        step[k] = th[k * P + p] + h > 0.5 ? -h : h;
        th[k * P + p] += step[k];
      }
    }
    if (R * PL === 0) return { flux: new Float32Array(0), row: new Int32Array(0), step };
    return { ...this.restFluxDistinct(this.physicalLabels(th, rows), rows, 'jacobian'), step };
  }
}
