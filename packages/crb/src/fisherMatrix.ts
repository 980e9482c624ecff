import { DomainError, ShapeError } from '@astroemu/emulator-core';
import type { Jacobian } from './emulatorJacobian';

/**
 * Per-pixel noise. Give exactly one of `snr` or `ivar`. With `snr`, σ = 1/snr in units of the
 * normalized flux (noise relative to the continuum, constant over the spectrum), i.e. ivar = snr².
 */
export interface NoiseModel {
  /** Signal-to-noise per pixel: one number, or one per label vector. */
  snr?: number | ArrayLike<number>;
  /** Inverse variance per pixel: M values (shared) or B × M values. */
  ivar?: ArrayLike<number>;
  /** Excluded pixels (nonzero = excluded): M values (shared) or B × M. */
  mask?: ArrayLike<number>;
}

/** B Fisher matrices (L × L each), float64. */
export interface FisherMatrices {
  batch: number;
  labelNames: string[];
  /** [B, L, L] row-major. */
  values: Float64Array;
}

/** Per-pixel inverse variances [B, M] with masked pixels set to 0; shared by crb and inference. */
export function pixelWeights(who: string, noise: NoiseModel, B: number, M: number): Float64Array {
  const w = new Float64Array(B * M);
  if ((noise.snr === undefined) === (noise.ivar === undefined)) {
    throw new DomainError(
      `${who}: noise must give exactly one of snr or ivar; got ${noise.snr === undefined ? 'neither' : 'both'}`,
    );
  }
  if (noise.snr !== undefined) {
    const snr = noise.snr;
    for (let b = 0; b < B; b++) {
      const s = typeof snr === 'number' ? snr : snr[b];
      if (typeof snr !== 'number' && snr.length !== B)
        throw new ShapeError(`${who}: snr must be a number or ${B} values; got ${snr.length}`);
      if (!(s > 0) || !Number.isFinite(s)) throw new DomainError(`${who}: snr must be finite and > 0; got ${s}`);
      w.fill(s * s, b * M, (b + 1) * M);
    }
  } else {
    const iv = noise.ivar!;
    if (iv.length !== M && iv.length !== B * M)
      throw new ShapeError(`${who}: ivar must have ${M} or ${B * M} values; got ${iv.length}`);
    for (let i = 0; i < B * M; i++) {
      const v = iv.length === M ? iv[i % M] : iv[i];
      if (!(v >= 0) || !Number.isFinite(v))
        throw new DomainError(`${who}: ivar must be finite and ≥ 0; got ${v} at index ${i}`);
      w[i] = v;
    }
  }
  if (noise.mask !== undefined) {
    const mk = noise.mask;
    if (mk.length !== M && mk.length !== B * M)
      throw new ShapeError(`${who}: mask must have ${M} or ${B * M} values; got ${mk.length}`);
    for (let i = 0; i < B * M; i++) if ((mk.length === M ? mk[i % M] : mk[i]) !== 0) w[i] = 0;
  }
  return w;
}

/** F = Jᵀ Σ⁻¹ J per label vector (Σ diagonal from the noise model), float64 on the host. */
export function fisherMatrix(jacobian: Jacobian, noise: NoiseModel): FisherMatrices {
  const { batch: B, pixels: M, labelNames } = jacobian;
  const L = labelNames.length;
  if (jacobian.values.length !== B * M * L) {
    throw new ShapeError(
      `fisherMatrix: jacobian.values must hold B × M × L = ${B * M * L} values; got ${jacobian.values.length}`,
    );
  }
  const w = pixelWeights('fisherMatrix', noise, B, M);
  const J = jacobian.values;
  const values = new Float64Array(B * L * L);
  for (let b = 0; b < B; b++) {
    const F = values.subarray(b * L * L, (b + 1) * L * L);
    for (let m = 0; m < M; m++) {
      const wm = w[b * M + m];
      if (wm === 0) continue;
      const row = (b * M + m) * L;
      for (let i = 0; i < L; i++) {
        const ji = J[row + i] * wm;
        if (ji === 0) continue;
        for (let k = 0; k <= i; k++) F[i * L + k] += ji * J[row + k];
      }
    }
    for (let i = 0; i < L; i++) for (let k = 0; k < i; k++) F[k * L + i] = F[i * L + k];
  }
  return { batch: B, labelNames: [...labelNames], values };
}
