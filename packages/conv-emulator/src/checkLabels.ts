import * as tf from '@tensorflow/tfjs';
import { DomainError, ShapeError, type LabelSpec } from '@astroemu/emulator-core';

/** Options of `predict`. */
export interface PredictOptions {
  /**
   * Allow labels outside [min, max] of the emulator's label specs (default false: a DomainError). The scaling
   * never clips; outside the training domain the network extrapolates, usually badly.
   */
  extrapolate?: boolean;
}

/**
 * Checks that `labels` is [B, L] and, unless `extrapolate`, that every value lies in its label's [min, max]
 * (with a slack of 1e-6 of the range, so float32 copies of the bounds pass). NaN is always rejected.
 * Reads the labels back to the host (dataSync): cheap for [B, L], but a sync point.
 */
export function checkLabels(who: string, labels: tf.Tensor, specs: readonly LabelSpec[], extrapolate = false): void {
  const L = specs.length;
  if (!(labels instanceof tf.Tensor) || labels.rank !== 2 || labels.shape[1] !== L) {
    const got = labels instanceof tf.Tensor ? `shape [${labels.shape.join(', ')}]` : typeof labels;
    throw new ShapeError(`${who}: labels must be a tensor of shape [B, ${L}] (${specs.map((s) => s.name).join(', ')}); got ${got}`);
  }
  const x = labels.dataSync();
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const s = specs[i % L]!;
    const row = Math.floor(i / L);
    if (Number.isNaN(v)) throw new DomainError(`${who}: label '${s.name}' of row ${row} is NaN`);
    if (extrapolate) continue;
    const slack = 1e-6 * (s.max - s.min);
    if (!(v >= s.min - slack && v <= s.max + slack)) {
      throw new DomainError(
        `${who}: label '${s.name}' of row ${row} is ${v}, outside its domain [${s.min}, ${s.max}]; ` +
          `pass { extrapolate: true } to predict outside the training domain`,
      );
    }
  }
}

/**
 * Grid emulators predict on their fixed grid only: `wavelength`, when given, must be that grid
 * (same length, same values to float32 precision), else a DomainError suggesting to resample the output.
 */
export function checkFixedGrid(who: string, wavelength: tf.Tensor1D | Float64Array | undefined, fixed: Float64Array): void {
  if (wavelength === undefined) return;
  const w = wavelength instanceof tf.Tensor ? wavelength.dataSync() : wavelength;
  const same = w.length === fixed.length && fixed.every((v, i) => Math.fround(v) === Math.fround(w[i]!));
  if (!same) {
    throw new DomainError(
      `${who}: this emulator predicts on its fixed grid of ${fixed.length} pixels [${fixed[0]}, ${fixed[fixed.length - 1]}] Å; ` +
        `got a different wavelength array of ${w.length} values. Omit 'wavelength' and resample the output instead`,
    );
  }
}
