import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { saveEmulator, type Emulator } from '@astroemu/emulator-core';
import { openEmulator } from '@astroemu/emulators';
import {
  attachLoRA,
  CHECKPOINT_FILE,
  extendInputLabels,
  trainEmulator,
  type ScheduleSpec,
  type TrainResult,
} from '@astroemu/training';
import type { TransformerPaynePreset } from '@astroemu/transformer-payne';
import { createModel, type ModelName, type PresetName } from './createModel';
import { ArgumentError, RunStopped } from './errors';
import type { TrainingData } from './loadData';
import { progressBar, type AppIo } from './progressBar';
import { RunLogs } from './runLogs';

export interface TrainRunOptions {
  model: ModelName;
  preset: PresetName;
  data: TrainingData;
  /** Output folder: checkpoint, best-<metric>/ bundles, metrics.jsonl, loss.jsonl. */
  out: string;
  steps: number;
  batch: number;
  seed: number;
  validateEvery: number;
  learningRate: number;
  /** Wavelengths (grid pixels) drawn per step for TransformerPayne; ≥ the grid's pixel count: all of them. */
  wavelengthsPerStep: number;
  /** TransformerPayne only: this preset instead of `preset` (e.g. 'tiny'). */
  transformerPaynePreset?: TransformerPaynePreset;
  resume?: boolean;
  /** Bundle folder to start from; labels of the data it lacks are appended to its input layer. */
  fineTuneFrom?: string;
  loraRank?: number;
  /** 'cosine' (default: 10 % warm-up + cosine), 'wsd' (5 % warm-up, stable, linear decay over the last 20 %) or 'constant' (5 % warm-up then constant; pair with ema). */
  schedule?: 'cosine' | 'wsd' | 'constant';
  /** EMA decay of the weights (validation and the exported bundles use the EMA weights). */
  ema?: number;
  /** Data-parallel threads (this one included). */
  workers?: number;
  /** Spectra per forward + backward pass (gradient accumulation). */
  microBatch?: number;
  /** Progress label (e.g. the model name). */
  label: string;
  io: AppIo;
}

export interface TrainRun {
  /** The emulator with its best-validation-MAE weights. */
  emulator: Emulator;
  result: TrainResult;
  logs: RunLogs;
  seconds: number;
  /** Bundle of the best-MAE weights. */
  bundle: string;
  /** What the run started from (for the report). */
  origin: string;
}

/** One training run of the CLI: build (or load and extend) the model, train with progress and logs, keep the best. */
/** The CLI's schedule names as training ScheduleSpecs. */
export function scheduleSpec(name: 'wsd' | 'constant', peak: number, steps: number): ScheduleSpec {
  return name === 'wsd'
    ? { kind: 'warmupStableDecay', peak, totalSteps: steps, warmupFraction: 0.05, decayFraction: 0.2 }
    : { kind: 'warmupStableDecay', peak, totalSteps: steps, warmupFraction: 0.05, decayFraction: 0 };
}

export async function trainRun(o: TrainRunOptions): Promise<TrainRun> {
  const provenance = {
    data: o.data.description,
    steps: o.steps,
    batchSize: o.batch,
    seed: o.seed,
    app: '@astroemu/train-app',
  };
  let emulator: Emulator;
  let origin: string;
  if (o.fineTuneFrom) {
    try {
      await access(join(o.fineTuneFrom, 'config.json'));
    } catch {
      throw new ArgumentError('--fine-tune-from', `'${o.fineTuneFrom}' is not a model bundle folder (no config.json)`);
    }
    const base = (await openEmulator(o.fineTuneFrom, { backend: false })).emulator; // any built-in kind; the app set the backend
    const missing = o.data.labelSpecs.filter((s) => !base.labels.some((l) => l.name === s.name));
    emulator = missing.length > 0 ? extendInputLabels(base, missing) : base;
    if (emulator !== base) base.dispose();
    origin = `fine-tuned from ${o.fineTuneFrom}${missing.length ? ` (input layer extended by ${missing.map((s) => s.name).join(', ')})` : ''}`;
  } else {
    emulator = createModel(
      o.model,
      o.preset,
      o.data.labelSpecs,
      o.data.wavelength,
      o.seed,
      provenance,
      o.transformerPaynePreset,
    );
    const preset = o.model === 'transformer-payne' ? (o.transformerPaynePreset ?? o.preset) : o.preset;
    origin = `${o.model} '${preset}' preset, random initialisation (seed ${o.seed})`;
  }
  const lora = o.loraRank ? attachLoRA(emulator, { rank: o.loraRank, seed: o.seed }) : undefined;
  if (lora) origin += `, LoRA rank ${o.loraRank} on ${lora.targets.length} matrices`;

  const logs = new RunLogs(o.out);
  const hasCheckpoint = await access(join(o.out, CHECKPOINT_FILE)).then(
    () => true,
    () => false,
  );
  if (!(o.resume && hasCheckpoint)) await logs.start();
  const bar = progressBar(o.io, o.label);
  const t0 = performance.now();
  let result: TrainResult;
  try {
    result = await trainEmulator(emulator, {
      train: o.data.train,
      validation: o.data.validation,
      steps: o.steps,
      batchSize: o.batch,
      wavelengthsPerSpectrum: o.wavelengthsPerStep,
      learningRate: o.learningRate,
      ...(o.schedule && o.schedule !== 'cosine' ? { schedule: scheduleSpec(o.schedule, o.learningRate, o.steps) } : {}),
      ...(o.ema !== undefined ? { ema: o.ema } : {}),
      ...(o.workers !== undefined && o.workers > 1 ? { workers: o.workers } : {}),
      ...(o.microBatch !== undefined ? { microBatch: o.microBatch } : {}),
      seed: o.seed,
      validateEvery: o.validateEvery,
      checkpointDir: o.out,
      checkpointEvery: o.validateEvery,
      resume: o.resume ?? false,
      restoreBest: 'mae',
      ...(lora ? { lora } : {}),
      ...(o.io.signal ? { signal: o.io.signal } : {}),
      onProgress: async (e) => {
        if (e.type === 'resume') await logs.resumeAt(e.step);
        if (e.type === 'step') logs.step(e.step, e.loss, e.learningRate);
        if (e.type === 'validation') await logs.validation(e.step, e.metrics, e.improved);
        bar.onEvent(e);
      },
    });
  } catch (e) {
    // Stopped before any validation: trainEmulator cannot restore the best weights; the checkpoint is written.
    if (o.io.signal?.aborted) throw new RunStopped(logs.loss.at(-1)?.step ?? 0, o.out);
    throw e;
  } finally {
    bar.stop();
    await logs.flush();
  }
  if (result.stopped) throw new RunStopped(result.step, o.out);
  const bundle = join(o.out, 'best-mae');
  if (lora) {
    lora.merge();
    await saveEmulator(bundle, emulator, { overwrite: true });
  }
  return { emulator, result, logs, seconds: (performance.now() - t0) / 1000, bundle, origin };
}
