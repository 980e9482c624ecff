/** Shared by the acceptance tests: grids held in memory and the label-blind baseline they are judged against. */
import type { Emulator } from '@astroemu/emulator-core';
import { mae } from '@astroemu/metrics';
import { makeGrid } from '@astroemu/synth';
import { inMemorySource } from '../../src/inMemorySource';
import { syntheticGridSource } from '../../src/syntheticGridSource';
import type { TrainingDataSource } from '../../src/TrainingDataSource';
import {
  trainEmulator,
  type TrainEmulatorOptions,
  type TrainingEvent,
  type TrainResult,
} from '../../src/trainEmulator';

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

/** The acceptance tests' grid (synth, R 5000, 4300–4400 Å: 115 pixels), held in memory, and its mean-spectrum MAE. */
export async function acceptanceGrids(): Promise<{
  train: TrainingDataSource;
  validation: TrainingDataSource;
  baseline: number;
}> {
  const synthOptions = { R: 5000, lambdaMin: 4300, lambdaMax: 4400 };
  const train = await materialise(syntheticGridSource(makeGrid({ kind: 'train', n: 400, seed: 1, ...synthOptions })));
  const validation = await materialise(
    syntheticGridSource(makeGrid({ kind: 'validation', n: 64, seed: 1, ...synthOptions })),
  );
  return { train, validation, baseline: await meanSpectrumMAE(train, validation) };
}

/** trainEmulator, also returning the first and the last validation event. */
export async function trainWithValidations(
  emulator: Emulator,
  opts: TrainEmulatorOptions,
): Promise<{ result: TrainResult; first: TrainingEvent; last: TrainingEvent }> {
  const events: TrainingEvent[] = [];
  const result = await trainEmulator(emulator, {
    ...opts,
    onProgress: (e) => void (e.type === 'validation' && events.push(e)),
  });
  return { result, first: events[0]!, last: events[events.length - 1]! };
}
