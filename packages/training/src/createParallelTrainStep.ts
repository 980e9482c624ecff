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
  /**
   * Send the main thread's parameters and AdamW state to the workers. run() keeps them equal by applying every update
   * on every thread, and calls this itself when the AdamW step count changed elsewhere (a resumed checkpoint, an
   * update outside run()); call it after writing the parameters by other means between steps.
   */
  sync(): void;
  /** Each worker's parameters (flat, layout order): equal to the main thread's after every run(). */
  workerParameters(): Promise<Float32Array[]>;
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
 * Data-parallel training over worker_threads (wasm has no threads in Node): every step the main thread sends a shard
 * of the batch to each worker (a copy of the emulator decoded from its bundle), computes its own shard meanwhile and
 * averages the gradients weighted by shard size. Every thread then applies the same AdamW update with that average
 * (shared through a SharedArrayBuffer): the workers' AdamW mirrors the main thread's, so the parameters stay equal bit
 * for bit and never travel after the first step (run() re-sends them when the main thread's AdamW step count changed
 * elsewhere). The gradient equals the whole batch's up to float reassociation, so a run equals a one-thread run with
 * the same seed to ≈ 1e-6 relative per step (the data order and wavelength draws stay in the main thread).
 */
export async function createParallelTrainStep(
  emulator: Emulator,
  opts: ParallelTrainStepOptions = {},
): Promise<ParallelTrainStep> {
  const who = 'createParallelTrainStep';
  const threads = checkPositiveInt(who, 'workers', opts.workers ?? 2);
  const local = createTrainStep(emulator, opts);
  const workers: Worker[] = [];
  // the averaged gradient of each step, which every worker's AdamW applies as the main thread's does
  const averaged = new SharedArrayBuffer(threads > 1 ? 4 * local.layout.total : 0);
  const averagedView = new Float32Array(averaged);
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
      optimizer: {
        ...local.optimizer.settings(),
        ...(opts.clipNorm !== undefined ? { clipNorm: opts.clipNorm } : {}),
      },
      averaged,
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
  const ask = (w: Worker, req: TrainWorkerRequest & { id: number }): Promise<TrainWorkerResponse> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: TrainWorkerResponse): void => {
        if (m.id !== req.id) return;
        w.off('message', onMessage);
        if (m.error !== undefined) reject(new TrainingError(`${who}: worker: ${m.error}`));
        else resolve(m);
      };
      w.on('message', onMessage);
      w.postMessage(req);
    });

  // The workers' parameters and AdamW state equal the main thread's as long as every update goes through run(): the
  // AdamW step count tells when they may not (a first step, a resumed checkpoint, an update made outside run()).
  let syncedAt: number | undefined;
  function sync(): void {
    const params = local.readParameters();
    const { m, v, step } = local.optimizer;
    for (const w of workers) w.postMessage({ kind: 'sync', params, step, m, v } satisfies TrainWorkerRequest);
    syncedAt = step;
  }

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
    if (syncedAt !== local.optimizer.step) sync();
    // contiguous shards, sizes differing by at most one row; shard 0 runs here
    const bounds = Array.from({ length: n + 1 }, (_, i) => Math.round((i * B) / n));
    const pending = workers.slice(0, n - 1).map((w, i) => {
      const [r0, r1] = [bounds[i + 1]!, bounds[i + 2]!];
      return ask(w, {
        kind: 'gradient',
        id: nextId++,
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
    // each shard's mean weighted by its share of the rows, in one pass
    const grad = own.grad;
    const w0 = bounds[1]! / B;
    let loss = own.loss * w0;
    const weights = others.map((_, j) => (bounds[j + 2]! - bounds[j + 1]!) / B);
    others.forEach((g, j) => {
      loss += g.loss! * weights[j]!;
    });
    if (others.length === 1) {
      const g1 = others[0]!.grad!;
      const w1 = weights[0]!;
      for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! * w0 + g1[i]! * w1;
    } else {
      for (let i = 0; i < grad.length; i++) grad[i]! *= w0;
      others.forEach((g, j) => {
        const gj = g.grad!;
        const wj = weights[j]!;
        for (let i = 0; i < grad.length; i++) grad[i]! += gj[i]! * wj;
      });
    }
    return { loss, grad };
  }

  return {
    threads,
    local,
    gradient,
    async run(labels, target, batch, lr, wavelength) {
      const { loss, grad } = await gradient(labels, target, batch, wavelength);
      if (workers.length > 0 && syncedAt === local.optimizer.step) {
        // every worker applies the same update meanwhile (its own copy of the gradient: this one may be clipped here)
        averagedView.set(grad);
        for (const w of workers) w.postMessage({ kind: 'update', lr } satisfies TrainWorkerRequest);
        syncedAt = undefined; // until this update is done here too (a failed one is re-synced at the next step)
        const gradNorm = local.update(grad, lr);
        syncedAt = local.optimizer.step;
        return { loss, gradNorm };
      }
      return { loss, gradNorm: local.update(grad, lr) };
    },
    sync,
    async workerParameters() {
      return Promise.all(workers.map(async (w) => (await ask(w, { kind: 'parameters', id: nextId++ })).params!));
    },
    async terminate() {
      await Promise.all(workers.map((w) => w.terminate()));
      workers.length = 0;
    },
  };
}
