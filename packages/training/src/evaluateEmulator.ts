import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { MetricsAccumulator, type ResidualBands } from '@astroemu/metrics';
import { checkPositiveInt, TrainingError } from './errors';
import { labelColumns, pickColumns } from './labelColumns';
import type { TrainingDataSource } from './TrainingDataSource';

/** The validation metrics training keeps the best checkpoint of. */
export const VALIDATION_METRICS = ['mse', 'mae', 'maqe95'] as const;
export type ValidationMetric = (typeof VALIDATION_METRICS)[number];

export interface EvaluateOptions {
  /** Spectra per predict call (default 64). */
  batchSize?: number;
  /**
   * Also return the per-pixel residual bands (keeps every residual: 4 bytes × spectra × pixels), e.g. to store in the
   * bundle with saveEmulator(dir, emulator, { residualBands: { ...bands, wavelength } }) for the emulator-error term of
   * @astroemu/posterior. Default false.
   */
  bands?: boolean;
}

export type ValidationResult = Record<ValidationMetric, number> & {
  spectra: number;
  wavelengths: number;
  bands?: ResidualBands;
};

/**
 * MSE, MAE and MAQE0.95 (@astroemu/metrics, exact) of the emulator on every row of `source`, on the
 * source's pixels: grid emulators must predict on the same grid; wavelength-conditioned emulators
 * (TransformerPayne) are asked for the source's wavelengths.
 */
export async function evaluateEmulator(
  emulator: Emulator,
  source: TrainingDataSource,
  opts: EvaluateOptions = {},
): Promise<ValidationResult> {
  const who = 'evaluateEmulator';
  const batchSize = checkPositiveInt(who, 'batchSize', opts.batchSize ?? 64);
  const M = source.wavelength.length;
  const fixed = emulator.wavelength.fixed;
  if (fixed && fixed.length !== M) {
    throw new TrainingError(
      `${who}: the emulator predicts ${fixed.length} fixed pixels but the data have ${M}; they must share one grid`,
    );
  }
  if (source.numRows < 1) throw new TrainingError(`${who}: the validation data have no rows`);
  const columns = labelColumns(emulator.labels, source.labelNames, who);
  const acc = new MetricsAccumulator(
    opts.bands
      ? { correlation: false }
      : { keepResiduals: false, expectedCount: source.numRows * M, correlation: false },
  );
  for (let start = 0; start < source.numRows; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, source.numRows - start) }, (_, i) => start + i);
    const rows = await source.rows(idx);
    const labels = pickColumns(rows.labels, source.labelNames.length, columns);
    const x = tf.tensor2d(labels, [idx.length, columns.length], 'float32');
    const y = fixed ? emulator.predict(x) : emulator.predict(x, source.wavelength);
    const predicted = (await y.data()) as Float32Array;
    x.dispose();
    y.dispose();
    acc.add(predicted, rows.flux, idx.length, M);
  }
  const r = acc.result();
  const out: ValidationResult = {
    mse: r.mse,
    mae: r.mae,
    maqe95: r.maqe95,
    spectra: r.spectra,
    wavelengths: r.wavelengths,
  };
  if (r.bands) out.bands = r.bands;
  return out;
}
