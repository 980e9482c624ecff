import * as tf from '@tensorflow/tfjs';
import { DomainError, ShapeError } from './errors';
import type { WavelengthDomain } from './emulator';
import type { LabelSpec } from './labelSpec';

/** What to do with inputs outside the trained domain: throw (default) or warn and go on (`extrapolate: true`). */
export interface DomainOptions {
  /** Predict outside the trained label / wavelength domain, with a warning instead of a DomainError. */
  extrapolate?: boolean;
  /** Where warnings go (default console.warn). */
  warn?: (message: string) => void;
}

function report(message: string, opts: DomainOptions): void {
  if (opts.extrapolate !== true) throw new DomainError(`${message} (pass { extrapolate: true } to predict anyway)`);
  (opts.warn ?? console.warn)(`${message}; extrapolating`);
}

/**
 * Checks labels [B, L] (row-major, physical units) against the trained bounds. Non-finite values always throw;
 * the first value outside [min, max] (with a slack of 1e-6 of the range, so float32 copies of the bounds pass)
 * throws a DomainError naming label, spectrum, value and bounds, or warns with `extrapolate`.
 */
export function checkLabelDomain(
  who: string,
  values: ArrayLike<number>,
  specs: readonly LabelSpec[],
  opts: DomainOptions = {},
): void {
  const L = specs.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const spec = specs[i % L]!;
    const row = Math.floor(i / L);
    if (!Number.isFinite(v)) {
      throw new DomainError(
        `Argument 'labels' passed to '${who}' must be finite; label '${spec.name}' of spectrum ${row} is ${v}`,
      );
    }
    const slack = 1e-6 * (spec.max - spec.min);
    if (v < spec.min - slack || v > spec.max + slack) {
      report(
        `Argument 'labels' passed to '${who}' is outside the trained domain: label '${spec.name}' of spectrum ${row} is ${v}, ` +
          `expected within [${spec.min}, ${spec.max}]${spec.unit ? ` ${spec.unit}` : ''}`,
        opts,
      );
      return;
    }
  }
}

/**
 * Checks that `labels` is a [B, L] tensor and its values are inside the domain (see {@link checkLabelDomain}).
 * Reads the labels back to the host (dataSync): cheap for [B, L], but a sync point.
 */
export function checkLabelTensor(
  who: string,
  labels: tf.Tensor,
  specs: readonly LabelSpec[],
  opts: DomainOptions = {},
): void {
  const L = specs.length;
  if (!(labels instanceof tf.Tensor) || labels.rank !== 2 || labels.shape[1] !== L) {
    const got = labels instanceof tf.Tensor ? `shape [${labels.shape.join(', ')}]` : typeof labels;
    throw new ShapeError(
      `Argument 'labels' passed to '${who}' must be a tensor of shape [B, ${L}] (${specs.map((s) => s.name).join(', ')}); got ${got}`,
    );
  }
  checkLabelDomain(who, labels.dataSync(), specs, opts);
}

/**
 * Checks a wavelength grid (Å): every value finite and > 0, and inside the trained [min, max] (else DomainError,
 * or a warning with `extrapolate`). The grid may be in any order: every wavelength is an independent query.
 */
export function checkWavelengthDomain(
  who: string,
  grid: Float64Array,
  domain: WavelengthDomain,
  opts: DomainOptions = {},
): void {
  if (grid.length === 0)
    throw new DomainError(`Argument 'wavelength' passed to '${who}' must hold at least one wavelength; got 0`);
  let outside = -1;
  for (let i = 0; i < grid.length; i++) {
    const w = grid[i]!;
    if (!Number.isFinite(w) || w <= 0) {
      throw new DomainError(
        `Argument 'wavelength' passed to '${who}' must be finite and > 0 (Angstrom); element ${i} is ${w}`,
      );
    }
    if (outside < 0 && (w < domain.min || w > domain.max)) outside = i;
  }
  if (outside >= 0) {
    report(
      `Argument 'wavelength' passed to '${who}' is outside the trained domain: element ${outside} is ${grid[outside]} Å, ` +
        `expected within [${domain.min}, ${domain.max}] Å`,
      opts,
    );
  }
}

/**
 * Grid emulators predict on their fixed grid only: `wavelength`, when given, must be that grid
 * (same length, same values to float32 precision), else a DomainError suggesting to resample the output.
 */
export function checkFixedGrid(
  who: string,
  wavelength: tf.Tensor1D | Float64Array | undefined,
  fixed: Float64Array,
): void {
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
