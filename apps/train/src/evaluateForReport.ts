import * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';
import { MetricsAccumulator, type MetricsResult } from '@astroemu/metrics';
import type { TrainingDataSource } from '@astroemu/training';

export interface Evaluation {
  metrics: MetricsResult;
  /** Residuals predicted − true of every validation pixel (strided to ≤ 2 M values) for the histogram. */
  residuals: Float32Array;
  /** The first validation spectrum: its labels (emulator order), truth and prediction, for the spectrum figure. */
  example: { labels: Float32Array; truth: Float32Array; predicted: Float32Array };
}

/** Metrics with per-wavelength residual bands of an emulator on every validation spectrum (on the data's pixels). */
export async function evaluateForReport(
  emulator: Emulator,
  source: TrainingDataSource,
  batchSize = 32,
): Promise<Evaluation> {
  const M = source.wavelength.length;
  const columns = emulator.labels.map((l) => source.labelNames.indexOf(l.name));
  const W = source.labelNames.length;
  const L = columns.length;
  const acc = new MetricsAccumulator({ keepResiduals: true, correlation: false });
  const stride = Math.max(1, Math.ceil((source.numRows * M) / 2_000_000));
  const residuals: number[] = [];
  let example: Evaluation['example'] | undefined;
  let k = 0;
  for (let start = 0; start < source.numRows; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, source.numRows - start) }, (_, i) => start + i);
    const rows = await source.rows(idx);
    const labels = new Float32Array(idx.length * L);
    for (let r = 0; r < idx.length; r++)
      for (let j = 0; j < L; j++) labels[r * L + j] = rows.labels[r * W + columns[j]!]!;
    const x = tf.tensor2d(labels, [idx.length, L]);
    const y = emulator.wavelength.fixed ? emulator.predict(x) : emulator.predict(x, source.wavelength);
    const predicted = (await y.data()) as Float32Array;
    x.dispose();
    y.dispose();
    acc.add(predicted, rows.flux, idx.length, M);
    for (let i = 0; i < predicted.length; i++, k++) if (k % stride === 0) residuals.push(predicted[i]! - rows.flux[i]!);
    example ??= { labels: labels.slice(0, L), truth: rows.flux.slice(0, M), predicted: predicted.slice(0, M) };
  }
  return { metrics: acc.result(), residuals: Float32Array.from(residuals), example: example! };
}
