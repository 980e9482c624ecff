import { initBackend, type BackendName } from '@astroemu/backend';
import { parseModelName, parsePresetName } from './createModel';
import { evaluateForReport } from './evaluateForReport';
import { ArgumentError } from './errors';
import { loadTrainingData } from './loadData';
import type { AppIo } from './progressBar';
import { trainRun } from './trainRun';
import { sci, writeReport } from './writeReport';

export interface TrainCommandOptions {
  model: string;
  preset: string;
  grid: string;
  nTrain?: number;
  nVal: number;
  steps: number;
  batch: number;
  out?: string;
  resume?: boolean;
  fineTuneFrom?: string;
  loraRank?: number;
  backend: BackendName;
  seed: number;
  validateEvery?: number;
  lr: number;
  wavelengthsPerStep: number;
  schedule?: string;
  ema?: number;
  workers?: number;
  microBatch?: number;
  labelKeywords?: string[];
  labelsCsv?: string;
  hdf5Group?: string;
  hdf5Labels?: string;
  hdf5Spectra?: string;
  hdf5Wavelength?: string;
  R: number;
  lambdaMin: number;
  lambdaMax: number;
}

/** `astroemu-train [train] --model … --grid …`: one run, its bundles, logs and report. */
export async function trainCommand(o: TrainCommandOptions, io: AppIo, command: string): Promise<string> {
  const model = parseModelName(o.model);
  const preset = parsePresetName(o.preset);
  const out = o.out ?? `runs/${model}-${preset}`;
  if (o.schedule !== undefined && !['cosine', 'wsd', 'constant'].includes(o.schedule))
    throw new ArgumentError('--schedule', `must be cosine, wsd or constant; got '${o.schedule}'`);
  const data = await loadTrainingData(
    o.grid,
    o.nTrain,
    o.nVal,
    { R: o.R, lambdaMin: o.lambdaMin, lambdaMax: o.lambdaMax, seed: o.seed },
    {
      ...(o.labelKeywords ? { keywords: o.labelKeywords } : {}),
      ...(o.labelsCsv ? { labelsCsv: o.labelsCsv } : {}),
      hdf5: {
        ...(o.hdf5Group ? { group: o.hdf5Group } : {}),
        datasets: {
          ...(o.hdf5Labels ? { labels: o.hdf5Labels } : {}),
          ...(o.hdf5Spectra ? { spectra: o.hdf5Spectra } : {}),
          ...(o.hdf5Wavelength ? { wavelength: o.hdf5Wavelength } : {}),
        },
      },
    },
  );
  const backend = await initBackend({ backend: o.backend });
  io.err(`backend ${backend}; ${data.description}`);
  const run = await trainRun({
    model,
    preset,
    data,
    out,
    steps: o.steps,
    batch: o.batch,
    seed: o.seed,
    validateEvery: o.validateEvery ?? Math.max(1, Math.floor(o.steps / 10)),
    learningRate: o.lr,
    wavelengthsPerStep: o.wavelengthsPerStep,
    ...(o.resume ? { resume: true } : {}),
    ...(o.fineTuneFrom ? { fineTuneFrom: o.fineTuneFrom } : {}),
    ...(o.loraRank ? { loraRank: o.loraRank } : {}),
    ...(o.schedule ? { schedule: o.schedule as 'cosine' | 'wsd' | 'constant' } : {}),
    ...(o.ema !== undefined ? { ema: o.ema } : {}),
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    ...(o.microBatch !== undefined ? { microBatch: o.microBatch } : {}),
    label: model,
    io,
  });
  const evaluation = await evaluateForReport(run.emulator, data.validation);
  const report = await writeReport({
    out,
    title: `astroemu-train: ${model} (${preset})`,
    data,
    models: [{ name: model, run, evaluation }],
    command,
  });
  const m = evaluation.metrics;
  io.out(`validation: MSE ${sci(m.mse)}  MAE ${sci(m.mae)}  MAQE0.95 ${sci(m.maqe95)}`);
  io.out(`best bundle: ${run.bundle}`);
  io.out(`report: ${report}`);
  run.emulator.dispose();
  return report;
}
