import type { Worker } from 'node:worker_threads';
import { poolWorkerNativeBlas } from '@astroemu/backend';
import { encodeBundle, type Emulator } from '@astroemu/emulator-core';
import { createTrainStep, type BatchGradient, type TrainStep, type TrainStepOptions } from './createTrainStep';
import { checkPositiveInt, TrainingError } from './errors';
import type { TrainWorkerData, TrainWorkerRequest, TrainWorkerResponse } from './trainWorkerProtocol';

export interface ParallelTrainStepOptions extends TrainStepOptions {
  /** Threads computing gradients, the main thread included (default 2: both cores of the project's machines). */
  workers?: number;
  /**
   * Modules each worker imports to register the emulator's kind before decoding it (default: by kind,
   * 'transformer-payne' → '@astroemu/transformer-payne', 'payne' → '@astroemu/payne', 'conv' → '@astroemu/conv-emulator').
   */
  modules?: string[];
  /** TensorFlow.js backend of the workers (default 'wasm'). */
  backend?: string;
  /** Worker script (default: the built dist/trainWorker.js next to this module). */
  workerUrl?: URL;
}

/** An async training step whose batch gradient is the average of shards computed on several threads. */
export interface ParallelTrainStep {
  readonly threads: number;
  readonly local: TrainStep;
  /** Batch gradient: rows split into `threads` contiguous shards, each thread's mean weighted by its row count. */
  gradient(
    labels: Float32Array,
    target: Float32Array,
    batch: number,
    wavelength?: Float64Array,
  ): Promise<BatchGradient>;
  run(
    labels: Float32Array,
    target: Float32Array,
    batch: number,
    lr: number,
    wavelength?: Float64Array,
  ): Promise<{ loss: number; gradNorm: number }>;
  terminate(): Promise<void>;
}

const MODULE_BY_KIND: Record<string, string> = {
  'transformer-payne': '@astroemu/transformer-payne',
  payne: '@astroemu/payne',
  conv: '@astroemu/conv-emulator',
};

async function defaultWorkerUrl(): Promise<URL> {
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const built = new URL('./trainWorker.js', import.meta.url); // dist/index.js → dist/trainWorker.js
  if (existsSync(fileURLToPath(built))) return built;
  return new URL('../dist/trainWorker.js', import.meta.url); // running from src/ (tests): the built worker
}

/**
 * Data-parallel training over worker_threads (wasm has no threads in Node): the main thread keeps the emulator and the
 * one FlatAdamW; every step it sends the flat parameters and a shard of the batch to each worker (a copy of the
 * emulator decoded from its bundle), computes its own shard meanwhile, averages the gradients weighted by shard size
 * and applies one update. The gradient equals the whole batch's up to float reassociation, so a run equals a one-thread
 * run with the same seed to ≈ 1e-6 relative per step (the data order and wavelength draws stay in the main thread).
 */
export async function createParallelTrainStep(
  emulator: Emulator,
  opts: ParallelTrainStepOptions = {},
): Promise<ParallelTrainStep> {
  const who = 'createParallelTrainStep';
  const threads = checkPositiveInt(who, 'workers', opts.workers ?? 2);
  const local = createTrainStep(emulator, opts);
  const workers: Worker[] = [];
  if (threads > 1) {
    if (opts.variables !== undefined)
      throw new TrainingError(`${who}: option 'variables' (LoRA, a subset) is not supported with workers > 1`);
    const modules = opts.modules ?? (MODULE_BY_KIND[emulator.kind] ? [MODULE_BY_KIND[emulator.kind]!] : []);
    const files = await encodeBundle(emulator);
    const data: TrainWorkerData = {
      backend: opts.backend ?? 'wasm',
      nativeBlas: poolWorkerNativeBlas(undefined),
      modules,
      bundleFiles: Object.fromEntries(files),
      names: local.layout.names,
      ...(opts.microBatch !== undefined ? { microBatch: opts.microBatch } : {}),
      ...(opts.wavelength !== undefined ? { wavelength: opts.wavelength } : {}),
    };
    const { Worker } = await import('node:worker_threads');
    const url = opts.workerUrl ?? (await defaultWorkerUrl());
    // the workers run the built package: drop a parent's --conditions (a test runner's 'source' condition → .ts files)
    const execArgv = process.execArgv.filter(
      (a, i, all) => !/^(--conditions|-C)(=|$)/.test(a) && !/^(--conditions|-C)$/.test(all[i - 1] ?? ''),
    );
    for (let i = 1; i < threads; i++) workers.push(new Worker(url, { workerData: data, execArgv }));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onFirst = (m: { ready?: boolean; fatal?: string }): void => {
              w.off('message', onFirst);
              if (m.ready) resolve();
              else reject(new TrainingError(`${who}: a worker failed to start: ${m.fatal ?? JSON.stringify(m)}`));
            };
            w.on('message', onFirst);
            w.once('error', reject);
          }),
      ),
    ).catch(async (e: unknown) => {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    });
  }
  let nextId = 0;
  const L = emulator.labels.length;
  const ask = (w: Worker, req: TrainWorkerRequest): Promise<BatchGradient> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: TrainWorkerResponse): void => {
        if (m.id !== req.id) return;
        w.off('message', onMessage);
        if (m.error !== undefined) reject(new TrainingError(`${who}: worker: ${m.error}`));
        else resolve({ loss: m.loss!, grad: m.grad! });
      };
      w.on('message', onMessage);
      w.postMessage(req);
    });

  async function gradient(
    labels: Float32Array,
    target: Float32Array,
    batch: number,
    wavelength?: Float64Array,
  ): Promise<BatchGradient> {
    const B = checkPositiveInt(`${who}.gradient`, 'batch', batch);
    const K = target.length / B;
    const n = Math.min(threads, B);
    if (n === 1) return local.gradient(labels, target, B, wavelength);
    const params = local.readParameters();
    // contiguous shards, sizes differing by at most one row; shard 0 runs here
    const bounds = Array.from({ length: n + 1 }, (_, i) => Math.round((i * B) / n));
    const pending = workers.slice(0, n - 1).map((w, i) => {
      const [r0, r1] = [bounds[i + 1]!, bounds[i + 2]!];
      return ask(w, {
        id: nextId++,
        params,
        labels: labels.slice(r0 * L, r1 * L),
        target: target.slice(r0 * K, r1 * K),
        batch: r1 - r0,
        ...(wavelength !== undefined ? { wavelength } : {}),
      });
    });
    const own = local.gradient(
      labels.subarray(0, bounds[1]! * L),
      target.subarray(0, bounds[1]! * K),
      bounds[1]!,
      wavelength,
    );
    const others = await Promise.all(pending);
    const grad = own.grad;
    let loss = own.loss * (bounds[1]! / B);
    const w0 = bounds[1]! / B;
    for (let i = 0; i < grad.length; i++) grad[i]! *= w0;
    others.forEach((g, j) => {
      const w = (bounds[j + 2]! - bounds[j + 1]!) / B;
      loss += g.loss * w;
      for (let i = 0; i < grad.length; i++) grad[i]! += g.grad[i]! * w;
    });
    return { loss, grad };
  }

  return {
    threads,
    local,
    gradient,
    async run(labels, target, batch, lr, wavelength) {
      const { loss, grad } = await gradient(labels, target, batch, wavelength);
      return { loss, gradNorm: local.update(grad, lr) };
    },
    async terminate() {
      await Promise.all(workers.map((w) => w.terminate()));
      workers.length = 0;
    },
  };
}
