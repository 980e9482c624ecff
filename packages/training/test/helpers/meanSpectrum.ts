/** Shared by the acceptance tests: grids held in memory and the label-blind baseline they are judged against. */
import { mae } from '@astroemu/metrics';
import { inMemorySource } from '../../src/inMemorySource';
import type { TrainingDataSource } from '../../src/TrainingDataSource';

/** Reads every row once (a synth grid is virtual: spectra are computed on demand) and serves them from memory. */
export async function materialise(src: TrainingDataSource): Promise<TrainingDataSource> {
  const rows = await src.rows(Array.from({ length: src.numRows }, (_, i) => i));
  return inMemorySource({ labelNames: src.labelNames, wavelength: src.wavelength, ...rows });
}

/** MAE on `validation` of predicting the mean spectrum of `train` for every star. */
export async function meanSpectrumMAE(train: TrainingDataSource, validation: TrainingDataSource): Promise<number> {
  const M = train.wavelength.length;
  const all = await train.rows(Array.from({ length: train.numRows }, (_, i) => i));
  const mean = new Float64Array(M);
  for (let r = 0; r < train.numRows; r++) for (let i = 0; i < M; i++) mean[i] += all.flux[r * M + i]! / train.numRows;
  const v = await validation.rows(Array.from({ length: validation.numRows }, (_, i) => i));
  const predicted = new Float32Array(v.flux.length);
  for (let r = 0; r < validation.numRows; r++) predicted.set(mean, r * M);
  return mae(predicted, v.flux);
}
