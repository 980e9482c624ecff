import * as tf from '@tensorflow/tfjs';
import { saveEmulator, type Emulator } from '@astroemu/emulator-core';
import type { AdamW } from './AdamW';
import type { LoRAAdapters } from './attachLoRA';
import { BatchSampler } from './BatchSampler';
import {
  CHECKPOINT_FILE,
  readCheckpoint,
  writeCheckpoint,
  type HostTensor,
  type TrainingCheckpoint,
} from './checkpoint';
import { clipByGlobalNorm } from './clipByGlobalNorm';
import { createAdam } from './createAdam';
import { createParallelTrainStep, type ParallelTrainStep } from './createParallelTrainStep';
import { createTrainStep, type TrainStep } from './createTrainStep';
import { decayMatricesOnly } from './FlatAdamW';
import { checkNonNegative, checkPositiveInt, CheckpointError, describe, TrainingError } from './errors';
import { evaluateEmulator, VALIDATION_METRICS, type ValidationMetric, type ValidationResult } from './evaluateEmulator';
import { interpolateRows } from './interpolateRows';
import { labelColumns, pickColumns } from './labelColumns';
import { createSchedule, type ScheduleSpec } from './learningRateSchedule';
import { muPMultipliers, type MuPOptions } from './muPMultipliers';
import { namedVariables } from './namedVariables';
import { sampleWavelengths, type WavelengthSampling } from './sampleWavelengths';
import { mixSeeds, SeededRandom } from './SeededRandom';
import type { TrainingDataSource } from './TrainingDataSource';

export interface TrainEmulatorOptions {
  train: TrainingDataSource;
  /** Held-out spectra (paper: 1 024) evaluated every `validateEvery` steps; the best weights per metric are kept. */
  validation?: TrainingDataSource;
  /** Total number of updates. */
  steps: number;
  /** Spectra per step (default 16, the paper's). */
  batchSize?: number;
  /**
   * Wavelength-conditioned emulators (no `wavelength.fixed`, e.g. TransformerPayne): K wavelengths drawn every
   * step, SHARED by the B spectra of the step (predict takes one wavelength vector). Default 8 192 (the paper's);
   * with 'pixels' sampling at most every pixel of the grid. Ignored by grid emulators, which train on all pixels.
   */
  wavelengthsPerSpectrum?: number;
  /**
   * How those K wavelengths are drawn (see sampleWavelengths): 'pixels' (default) — K distinct pixels of the grid,
   * whose fluxes are the grid's own values — or 'uniform' — uniform in the grid's range, flux linearly interpolated
   * between pixels. On grids sampled at about one pixel per resolution element (the synth grids: λ/R per pixel)
   * interpolation flattens every line core, so 'uniform' trains on targets that differ from the spectra the model is
   * evaluated on (val MAE 0.61× vs 0.37× the mean spectrum's after 300 steps, docs/experiments.md).
   */
  wavelengthSampling?: WavelengthSampling;
  /** 'adamw' (default, decoupled decay) or 'adam' (coupled L2 decay, default none). */
  optimizer?: 'adamw' | 'adam';
  /** Peak learning rate of the default schedule (default 1e-3). */
  learningRate?: number;
  /** Default: warm-up over the first 10 % of `steps` then cosine decay to 0, peaking at `learningRate`. */
  schedule?: ScheduleSpec;
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Clip gradients to this global L2 norm (default: no clipping). */
  clipNorm?: number;
  /**
   * Which parameters AdamW decays (default: the weight matrices only — not biases, not LayerNorm scales and biases,
   * as in the paper; `'all'`: every parameter, the behaviour before issue 17).
   */
  decay?: 'matrices' | 'all';
  /**
   * Spectra per forward + backward pass (default: the whole batch): gradients of the micro-batches are accumulated
   * before the one update, so a large batch (the paper's 16 × 8 192 λ) fits the wasm heap. AdamW runs only.
   */
  microBatch?: number;
  /**
   * Threads computing each step's gradient, this one included (default 1): data-parallel over worker_threads, each
   * with a copy of the emulator; gradients averaged every step, one update here (createParallelTrainStep). Equal to a
   * one-thread run with the same seed up to float reassociation. AdamW, not with LoRA. Needs the built package.
   */
  workers?: number;
  /**
   * Exponential moving average of the weights with this decay (e.g. 0.999; AdamW only): validation, the best
   * weights, `restoreBest` and the exported bundles use the EMA weights; the optimiser keeps training the raw ones.
   * With a constant learning rate it replaces the final decay of a schedule ("constant + EMA").
   */
  ema?: number;
  /** Modules a worker imports to register the emulator's kind (default: by kind, see createParallelTrainStep). */
  workerModules?: string[];
  /** muP learning-rate multipliers (see muPMultipliers). */
  muP?: MuPOptions;
  /** Train these LoRA adapters only (attachLoRA); the base weights stay frozen. */
  lora?: LoRAAdapters;
  /** Seed of the batch order and wavelength draws (default 0). */
  seed?: number;
  /** Validate every N steps and at the end (default max(1, ⌊steps/10⌋)). */
  validateEvery?: number;
  /** Spectra per validation predict call (default 64). */
  validationBatchSize?: number;
  /** Folder of `checkpoint.safetensors` (written atomically) and, at the end, the `best-<metric>/` bundles. */
  checkpointDir?: string;
  /** Write a checkpoint every N steps, at the end and when stopped by `signal` (default max(1, ⌊steps/10⌋)). */
  checkpointEvery?: number;
  /** Continue from `checkpointDir`'s checkpoint when there is one (default false: an existing one is overwritten). */
  resume?: boolean;
  /** At the end, export the best weights per metric as bundles `best-<metric>/` in checkpointDir (default true; not with LoRA). */
  saveBest?: boolean;
  /** At the end, load the weights with the best value of this metric into the emulator (default: keep the last). */
  restoreBest?: ValidationMetric;
  /** Called after every step, validation, checkpoint and resume; awaited. */
  onProgress?: (event: TrainingEvent) => void | Promise<void>;
  /** Stops after the current step (a checkpoint is written first when checkpointDir is set). */
  signal?: AbortSignal;
}

/** Prefix of the EMA weights in a checkpoint's `weights`. */
const EMA_PREFIX = 'ema/';

/**
 * Two runs' settings agree except for `steps` and the schedule's `totalSteps`, which may only grow together (the
 * schedule's total equal to the run's steps in both, or unchanged): what resuming a longer run may change.
 */
function sameUpToTotalSteps(old: Record<string, unknown>, now: Record<string, unknown>): boolean {
  const so = old.schedule as { totalSteps?: number } | undefined;
  const sn = now.schedule as { totalSteps?: number } | undefined;
  if (typeof old.steps !== 'number' || typeof now.steps !== 'number' || now.steps < old.steps) return false;
  if (JSON.stringify({ ...so, totalSteps: 0 }) !== JSON.stringify({ ...sn, totalSteps: 0 })) return false;
  if (so?.totalSteps === undefined) return sn?.totalSteps === undefined;
  return so.totalSteps === sn!.totalSteps || (so.totalSteps === old.steps && sn!.totalSteps === now.steps);
}

export type TrainingEvent =
  | { type: 'step'; step: number; totalSteps: number; loss: number; learningRate: number; gradNorm?: number }
  | { type: 'validation'; step: number; metrics: ValidationResult; improved: ValidationMetric[] }
  | { type: 'checkpoint'; step: number; path: string }
  | { type: 'resume'; step: number; path: string };

export interface BestValue {
  value: number;
  step: number;
}

export interface TrainResult {
  /** Completed updates. */
  step: number;
  /** True when `signal` stopped the run before `steps`. */
  stopped: boolean;
  /** Loss of the last step (NaN if none ran in this call). */
  loss: number;
  lastValidation?: ValidationResult;
  best: Partial<Record<ValidationMetric, BestValue>>;
  /** Best weights per metric by parameter name (LoRA runs: adapter names `lora/…` included). */
  bestWeights: Partial<Record<ValidationMetric, Map<string, Float32Array>>>;
}

/**
 * Trains an emulator in place with MSE loss (the papers' recipe: AdamW, 10 % linear warm-up then cosine
 * decay, B = 16, best-on-validation weights). Deterministic for a given seed; with `checkpointDir` a run
 * killed at any moment continues with `resume: true` to the same weights as an uninterrupted run.
 */
export async function trainEmulator(emulator: Emulator, opts: TrainEmulatorOptions): Promise<TrainResult> {
  const who = 'trainEmulator';
  const { train, validation, lora } = opts;
  const steps = checkPositiveInt(who, 'steps', opts.steps);
  const batchSize = checkPositiveInt(who, 'batchSize', opts.batchSize ?? 16);
  const K = checkPositiveInt(who, 'wavelengthsPerSpectrum', opts.wavelengthsPerSpectrum ?? 8192);
  const sampling = opts.wavelengthSampling ?? 'pixels';
  if (sampling !== 'pixels' && sampling !== 'uniform') {
    throw new TrainingError(
      `${who}: option 'wavelengthSampling' must be 'pixels' or 'uniform'; got ${describe(sampling)}`,
    );
  }
  const every = Math.max(1, Math.floor(steps / 10));
  const validateEvery = checkPositiveInt(who, 'validateEvery', opts.validateEvery ?? every);
  const checkpointEvery = checkPositiveInt(who, 'checkpointEvery', opts.checkpointEvery ?? every);
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed))
    throw new TrainingError(`${who}: option 'seed' must be an integer; got ${describe(seed)}`);
  const optimizerKind = opts.optimizer ?? 'adamw';
  if (optimizerKind !== 'adamw' && optimizerKind !== 'adam') {
    throw new TrainingError(`${who}: option 'optimizer' must be 'adamw' or 'adam'; got ${describe(optimizerKind)}`);
  }
  const learningRate = checkNonNegative(who, 'learningRate', opts.learningRate ?? 1e-3);
  const scheduleSpec: ScheduleSpec = opts.schedule ?? {
    kind: 'warmupCosine',
    peak: learningRate,
    totalSteps: steps,
    warmupFraction: 0.1,
  };
  const schedule = createSchedule(scheduleSpec);
  if (train.numRows < 1) throw new TrainingError(`${who}: the training data have no rows`);

  const conditioned = emulator.wavelength.fixed === undefined;
  const M = train.wavelength.length;
  if (!conditioned && emulator.wavelength.fixed!.length !== M) {
    throw new TrainingError(
      `${who}: the emulator predicts ${emulator.wavelength.fixed!.length} fixed pixels but the training data have ${M}; they must share one grid`,
    );
  }
  if (conditioned && M < 2)
    throw new TrainingError(`${who}: the training grid needs ≥ 2 pixels to interpolate; got ${M}`);
  const columns = labelColumns(emulator.labels, train.labelNames, who);
  const L = columns.length;

  const modelVars = namedVariables(emulator);
  const trainVars = lora ? lora.entries() : modelVars;
  const allVars = lora ? [...modelVars, ...trainVars] : modelVars;
  const byTfName = new Map(trainVars.map(([name, v]) => [v.name, name]));
  const varList = trainVars.map(([, v]) => v);
  const multipliers = opts.muP
    ? muPMultipliers(
        trainVars.map(([n, v]) => [n, v.shape]),
        opts.muP,
      )
    : undefined;
  const optimizerOptions = {
    ...(opts.beta1 !== undefined ? { beta1: opts.beta1 } : {}),
    ...(opts.beta2 !== undefined ? { beta2: opts.beta2 } : {}),
    ...(opts.epsilon !== undefined ? { epsilon: opts.epsilon } : {}),
    ...(opts.weightDecay !== undefined ? { weightDecay: opts.weightDecay } : {}),
    ...(multipliers ? { multipliers } : {}),
  };
  const decayRule = opts.decay ?? 'matrices';
  if (decayRule !== 'matrices' && decayRule !== 'all')
    throw new TrainingError(`${who}: option 'decay' must be 'matrices' or 'all'; got ${describe(decayRule)}`);
  const shapes = new Map(trainVars.map(([n, v]) => [n, v.shape]));
  const decay = decayRule === 'all' ? () => true : (name: string) => decayMatricesOnly(name, shapes.get(name) ?? []);
  // AdamW: one flat host update over every parameter per step (createTrainStep); Adam (coupled L2): per variable
  const workers = checkPositiveInt(who, 'workers', opts.workers ?? 1);
  const stepOptions = {
    ...optimizerOptions,
    decay,
    ...(opts.clipNorm !== undefined ? { clipNorm: opts.clipNorm } : {}),
    ...(opts.microBatch !== undefined ? { microBatch: opts.microBatch } : {}),
    ...(opts.ema !== undefined ? { emaDecay: opts.ema } : {}),
    ...(conditioned ? { wavelength: train.wavelength } : {}),
  };
  if (opts.ema !== undefined && (optimizerKind !== 'adamw' || lora))
    throw new TrainingError(`${who}: option 'ema' needs optimizer 'adamw' and no LoRA`);
  if (workers > 1 && (optimizerKind !== 'adamw' || lora))
    throw new TrainingError(`${who}: option 'workers' > 1 needs optimizer 'adamw' and no LoRA`);
  const parallel: ParallelTrainStep | undefined =
    workers > 1
      ? await createParallelTrainStep(emulator, {
          ...stepOptions,
          workers,
          ...(opts.workerModules ? { modules: opts.workerModules } : {}),
        })
      : undefined;
  const flatStep: TrainStep | undefined = parallel
    ? parallel.local
    : optimizerKind === 'adamw'
      ? createTrainStep(emulator, { ...stepOptions, variables: trainVars })
      : undefined;
  if (opts.microBatch !== undefined && !flatStep)
    throw new TrainingError(`${who}: option 'microBatch' needs optimizer 'adamw'`);
  const optimizer = flatStep ? flatStep.optimizer : createAdam(trainVars, { ...optimizerOptions, decay });
  const sampler = new BatchSampler(train.numRows, mixSeeds(seed, 1));
  const wavelengthRandom = new SeededRandom(mixSeeds(seed, 2));
  const run: Record<string, unknown> = {
    kind: emulator.kind,
    seed,
    steps,
    batchSize,
    wavelengthsPerSpectrum: conditioned ? K : null,
    // recorded only when not the original 'uniform', so that checkpoints written before the option resume
    ...(conditioned && sampling !== 'uniform' ? { wavelengthSampling: sampling } : {}),
    trainRows: train.numRows,
    optimizer: {
      kind: optimizerKind,
      beta1: optimizer.beta1,
      beta2: optimizer.beta2,
      epsilon: optimizer.epsilon,
      weightDecay: optimizer.weightDecay,
      // recorded only when not the original 'all', so that checkpoints written before the option resume
      ...(decayRule !== 'all' ? { decay: decayRule } : {}),
    },
    schedule: scheduleSpec,
    clipNorm: opts.clipNorm ?? null,
    muP: opts.muP ?? null,
    lora: lora ? { rank: lora.rank, scale: lora.scale } : null,
    ...(opts.ema !== undefined ? { ema: opts.ema } : {}),
  };

  let step = 0;
  let loss = NaN;
  let lastValidation: ValidationResult | undefined;
  const best: TrainResult['best'] = {};
  const bestWeights: TrainResult['bestWeights'] = {};
  const emit = async (e: TrainingEvent) => {
    if (opts.onProgress) await opts.onProgress(e);
  };

  try {
    if (opts.resume && opts.checkpointDir) {
      const ck = await readCheckpoint(opts.checkpointDir);
      if (ck) {
        restore(ck, opts.checkpointDir);
        await emit({ type: 'resume', step, path: opts.checkpointDir });
      }
    }

    let stopped = false;
    while (step < steps) {
      if (opts.signal?.aborted) {
        stopped = true;
        break;
      }
      const indices = sampler.next(batchSize);
      const rows = await train.rows(indices);
      const labels = pickColumns(rows.labels, train.labelNames.length, columns);
      let wavelength: Float64Array | undefined;
      let target = rows.flux;
      if (conditioned) {
        const drawn = sampleWavelengths(train.wavelength, K, sampling, wavelengthRandom);
        wavelength = drawn.wavelength;
        target = drawn.pixels
          ? pickColumns(rows.flux, M, drawn.pixels)
          : interpolateRows(train.wavelength, rows.flux, wavelength);
      }
      const lr = schedule(step);
      let gradNorm: number | undefined;
      if (flatStep) {
        const r = parallel
          ? await parallel.run(labels, target, batchSize, lr, wavelength)
          : flatStep.run(labels, target, batchSize, lr, wavelength);
        loss = r.loss;
        if (opts.clipNorm !== undefined) gradNorm = r.gradNorm;
      } else {
        const stats = tf.tidy(() => {
          const x = tf.tensor2d(labels, [batchSize, L], 'float32');
          const y = tf.tensor2d(target, [batchSize, target.length / batchSize], 'float32');
          const { value, grads } = tf.variableGrads(() => {
            const predicted = conditioned ? emulator.predict(x, wavelength) : emulator.predict(x);
            return tf.mean(tf.squaredDifference(predicted, y)) as tf.Scalar;
          }, varList);
          const names = Object.keys(grads).map((n) => {
            const name = byTfName.get(n);
            if (name === undefined) throw new TrainingError(`${who}: got a gradient for unknown variable '${n}'`);
            return name;
          });
          let list = Object.values(grads);
          let norm: tf.Scalar | undefined;
          if (opts.clipNorm !== undefined) {
            const clipped = clipByGlobalNorm(list, opts.clipNorm);
            list = clipped.grads;
            norm = clipped.globalNorm;
          }
          (optimizer as AdamW).apply(new Map(names.map((n, i) => [n, list[i]!])), lr);
          return norm ? tf.stack([value, norm]) : tf.reshape(value, [1]);
        });
        const values = (await stats.data()) as Float32Array;
        stats.dispose();
        loss = values[0]!;
        if (values.length > 1) gradNorm = values[1]!;
      }
      step += 1;
      await emit({
        type: 'step',
        step,
        totalSteps: steps,
        loss,
        learningRate: lr,
        ...(gradNorm !== undefined ? { gradNorm } : {}),
      });
      if (!Number.isFinite(loss))
        throw new TrainingError(
          `${who}: the loss became ${loss} at step ${step} (learning rate ${lr}); lower the learning rate or clip gradients`,
        );

      if (validation && (step % validateEvery === 0 || step === steps)) {
        const emaWeights = flatStep?.ema ? emaMap(flatStep.ema) : undefined;
        const evaluate = () => evaluateEmulator(emulator, validation, { batchSize: opts.validationBatchSize ?? 64 });
        lastValidation = emaWeights ? await withWeights(emaWeights, evaluate) : await evaluate();
        const improved: ValidationMetric[] = [];
        let snapshot: Map<string, Float32Array> | undefined = emaWeights;
        for (const metric of VALIDATION_METRICS) {
          const value = lastValidation[metric];
          const b = best[metric];
          if (b === undefined || value < b.value) {
            snapshot ??= new Map(allVars.map(([n, v]) => [n, v.dataSync() as Float32Array]));
            best[metric] = { value, step };
            bestWeights[metric] = snapshot;
            improved.push(metric);
          }
        }
        await emit({ type: 'validation', step, metrics: lastValidation, improved });
      }
      if (opts.checkpointDir && (step % checkpointEvery === 0 || step === steps)) await checkpoint(opts.checkpointDir);
    }
    if (stopped && opts.checkpointDir) await checkpoint(opts.checkpointDir);

    if (step === steps && opts.checkpointDir && !lora && (opts.saveBest ?? true)) {
      for (const metric of VALIDATION_METRICS) {
        const w = bestWeights[metric];
        if (w)
          await withWeights(w, () =>
            saveEmulator(`${opts.checkpointDir}/best-${metric}`, emulator, { overwrite: true }),
          );
      }
    }
    if (opts.restoreBest) {
      const w = bestWeights[opts.restoreBest];
      if (!w) throw new TrainingError(`${who}: option 'restoreBest' is '${opts.restoreBest}' but no validation ran`);
      assignAll(w);
    }
    return { step, stopped, loss, ...(lastValidation ? { lastValidation } : {}), best, bestWeights };
  } finally {
    if (!flatStep) (optimizer as AdamW).dispose();
    await parallel?.terminate();
  }

  /** The EMA buffer as weights by name. */
  function emaMap(ema: Float32Array): Map<string, Float32Array> {
    const { names, offsets, sizes } = flatStep!.layout;
    return new Map(names.map((n, i) => [n, ema.slice(offsets[i]!, offsets[i]! + sizes[i]!)]));
  }

  function assignAll(values: Map<string, Float32Array>): void {
    for (const [name, v] of allVars) {
      const x = values.get(name);
      if (x === undefined) throw new CheckpointError(`${who}: the saved weights lack parameter '${name}'`);
      if (x.length !== v.size)
        throw new CheckpointError(
          `${who}: saved parameter '${name}' has ${x.length} values; the model's has shape [${v.shape}]`,
        );
    }
    for (const [name, v] of allVars) tf.tidy(() => v.assign(tf.tensor(values.get(name)!, v.shape, 'float32')));
  }

  async function withWeights<T>(values: Map<string, Float32Array>, fn: () => Promise<T>): Promise<T> {
    const current = new Map(allVars.map(([n, v]) => [n, v.dataSync() as Float32Array]));
    assignAll(values);
    try {
      return await fn();
    } finally {
      assignAll(current);
    }
  }

  async function checkpoint(dir: string): Promise<void> {
    const state = optimizer.getState();
    const ck: TrainingCheckpoint = {
      step,
      run,
      random: { wavelength: wavelengthRandom.state },
      sampler: sampler.state,
      weights: new Map<string, HostTensor>([
        ...allVars.map(([n, v]): [string, HostTensor] => [
          n,
          { shape: [...v.shape], values: v.dataSync() as Float32Array },
        ]),
        // the EMA of the weights, as 'ema/<name>' entries
        ...(flatStep?.ema
          ? [...emaMap(flatStep.ema)].map(([n, values]): [string, HostTensor] => [
              `${EMA_PREFIX}${n}`,
              { shape: [...shapes.get(n)!], values },
            ])
          : []),
      ]),
      optimizer: state,
      best: Object.fromEntries(
        VALIDATION_METRICS.filter((m) => best[m]).map((m) => [m, { ...best[m]!, weights: bestWeights[m]! }]),
      ),
      extra: { loss },
    };
    const path = await writeCheckpoint(dir, ck);
    await emit({ type: 'checkpoint', step, path });
  }

  function restore(ck: TrainingCheckpoint, dir: string): void {
    const file = `${dir}/${CHECKPOINT_FILE}`;
    // `steps` may grow on resume (a longer run); so may the schedule's totalSteps with it, nothing else of the schedule
    const extendable = new Set(['steps', 'schedule']);
    for (const key of new Set([...Object.keys(run), ...Object.keys(ck.run)])) {
      const a = JSON.stringify(ck.run[key] ?? null);
      const b = JSON.stringify(run[key] ?? null);
      if (a === b) continue;
      if (extendable.has(key) && sameUpToTotalSteps(ck.run, run)) continue;
      throw new CheckpointError(
        `${who}: cannot resume from '${file}': setting '${key}' was ${a} in that run; got ${b}`,
      );
    }
    if (!(Number.isInteger(ck.step) && ck.step >= 0 && ck.step <= steps)) {
      throw new CheckpointError(
        `${who}: checkpoint '${file}' is at step ${ck.step}; expected an integer in [0, ${steps}]`,
      );
    }
    for (const [name, v] of allVars) {
      const w = ck.weights.get(name);
      if (!w) throw new CheckpointError(`${who}: checkpoint '${file}' lacks parameter '${name}'`);
      if (w.shape.join() !== v.shape.join()) {
        throw new CheckpointError(
          `${who}: parameter '${name}' has shape [${w.shape}] in '${file}'; the model's is [${v.shape}]`,
        );
      }
    }
    assignAll(new Map([...ck.weights].map(([n, w]) => [n, w.values])));
    if (flatStep && opts.ema !== undefined) {
      const ema = new Float32Array(flatStep.layout.total);
      flatStep.layout.names.forEach((n, i) => {
        const w = ck.weights.get(`${EMA_PREFIX}${n}`);
        if (!w) throw new CheckpointError(`${who}: checkpoint '${file}' lacks the EMA of parameter '${n}'`);
        ema.set(w.values, flatStep.layout.offsets[i]);
      });
      flatStep.ema = ema;
    }
    optimizer.setState(ck.optimizer);
    sampler.state = ck.sampler;
    wavelengthRandom.state = ck.random.wavelength ?? 0;
    step = ck.step;
    loss = typeof ck.extra?.loss === 'number' ? ck.extra.loss : NaN;
    for (const metric of VALIDATION_METRICS) {
      const b = ck.best[metric];
      if (b) {
        best[metric] = { value: b.value, step: b.step };
        bestWeights[metric] = b.weights;
      }
    }
  }
}
