import type { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { poolWorkerNativeBlas } from '@astroemu/backend';
import { ShapeError, type BundleFiles } from '@astroemu/emulator-core';
import type { PredictPoolRequest, PredictPoolResponse, PredictPoolWorkerData } from './predictPoolProtocol';
import type { PredictOptions } from './transformerPayne';

/** Options of {@link createPredictPool}: give `bundleDir` (a saved bundle folder) or `bundle` (its files in memory). */
export interface PredictPoolOptions {
  /** Worker threads, each with its own backend and copy of the model (default: the machine's parallelism, at most 8). */
  workers?: number;
  bundleDir?: string;
  bundle?: BundleFiles | Record<string, Uint8Array>;
  /** Backend of every worker (default 'wasm': it has no threads in Node, hence the pool). */
  backend?: 'wasm' | 'cpu' | 'tensorflow';
  /** Wavelengths per request (default: whole spectra when B ≥ 3·workers, else ≈ 3 requests per worker, ≥ 256 λ each). Each request is one spectrum. */
  sliceWavelengths?: number;
  /** The worker script (default dist/predictWorker.js of this package). */
  workerUrl?: URL;
  /**
   * wasm only: each worker's matMuls run in the optional `@astroemu/native-blas` accelerator (OpenBLAS, one thread per
   * worker). true: required (a worker that cannot load it fails the pool); false: off; 'auto': when it loads.
   * Default: ASTROEMU_NATIVE_BLAS (1 = true, 0 = false), else 'auto'.
   */
  nativeBlas?: boolean | 'auto';
}

/** A pool of worker threads that predict TransformerPayne spectra in parallel, each on a slice of the wavelengths. */
export interface PredictPool {
  readonly workers: number;
  /** Flux [B, M] row-major for labels [B][L] (physical units) on `wavelength` (Å); same checks as TransformerPayne.predict. */
  predict(
    labels: ReadonlyArray<ArrayLike<number>> | tf.Tensor2D,
    wavelength: Float64Array,
    opts?: PredictOptions,
  ): Promise<Float32Array>;
  /** Stops every worker; the pool cannot be used afterwards. */
  terminate(): Promise<void>;
}

// Node modules are imported when a pool is made, so that importing the package stays browser-safe.
async function defaultWorkerUrl(): Promise<URL> {
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const built = new URL('./predictWorker.js', import.meta.url); // dist/index.js → dist/predictWorker.js
  if (existsSync(fileURLToPath(built))) return built;
  return new URL('../dist/predictWorker.js', import.meta.url); // running from src/ (tests): the built worker
}

/**
 * Starts `workers` worker threads, each loading the same bundle (emulator-core's loadEmulator / decodeBundle) into its
 * own backend; `predict` splits the wavelengths into slices and hands them to whichever worker is free. On wasm in
 * Node this is the way to use more than one core (the wasm backend has no threads there). Opt-in: call terminate().
 */
export async function createPredictPool(opts: PredictPoolOptions): Promise<PredictPool> {
  if ((opts.bundleDir === undefined) === (opts.bundle === undefined)) {
    throw new ShapeError(
      "createPredictPool: give exactly one of 'bundleDir' (a bundle folder) or 'bundle' (its files)",
    );
  }
  const { availableParallelism } = await import('node:os');
  const { Worker } = await import('node:worker_threads');
  const n = opts.workers ?? Math.min(8, availableParallelism());
  if (!Number.isInteger(n) || n < 1)
    throw new ShapeError(`createPredictPool: 'workers' must be an integer ≥ 1; got ${n}`);
  const data: PredictPoolWorkerData = {
    backend: opts.backend ?? 'wasm',
    nativeBlas: poolWorkerNativeBlas(opts.nativeBlas),
    ...(opts.bundleDir !== undefined ? { bundleDir: opts.bundleDir } : {}),
    ...(opts.bundle !== undefined
      ? { bundleFiles: opts.bundle instanceof Map ? Object.fromEntries(opts.bundle) : opts.bundle }
      : {}),
  };
  const url = opts.workerUrl ?? (await defaultWorkerUrl());
  const pending = new Map<number, { resolve: (f: Float32Array) => void; reject: (e: Error) => void }>();
  // the workers run the built package: drop a parent's --conditions (e.g. a test runner's 'source' condition → .ts files)
  const execArgv = process.execArgv.filter(
    (a, i, all) => !/^(--conditions|-C)(=|$)/.test(a) && !/^(--conditions|-C)$/.test(all[i - 1] ?? ''),
  );
  const workers = Array.from({ length: n }, () => new Worker(url, { workerData: data, execArgv }));
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const onFirst = (m: { ready?: boolean; fatal?: string }): void => {
            w.off('message', onFirst);
            if (m.ready) resolve();
            else reject(new Error(`createPredictPool: a worker failed to start: ${m.fatal ?? JSON.stringify(m)}`));
          };
          w.on('message', onFirst);
          w.once('error', reject);
        }),
    ),
  ).catch(async (e: unknown) => {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  });
  for (const w of workers) {
    w.on('message', (m: PredictPoolResponse) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.flux!);
    });
  }
  let nextId = 0;
  let closed = false;
  const run = (w: Worker, req: PredictPoolRequest): Promise<Float32Array> =>
    new Promise((resolve, reject) => {
      pending.set(req.id, { resolve, reject });
      w.postMessage(req);
    });

  return {
    workers: n,
    async predict(labels, wavelength, predictOpts = {}) {
      if (closed) throw new Error('PredictPool.predict: the pool was terminated');
      if (!(wavelength instanceof Float64Array)) {
        throw new ShapeError(
          `Argument 'wavelength' passed to 'PredictPool.predict' must be a Float64Array; got ${Object.prototype.toString.call(wavelength)}`,
        );
      }
      const rows = labels instanceof tf.Tensor ? (labels.arraySync() as number[][]) : labels;
      const B = rows.length;
      const L = B > 0 ? rows[0]!.length : 0;
      if (B === 0 || rows.some((r) => r.length !== L)) {
        throw new ShapeError(
          `Argument 'labels' passed to 'PredictPool.predict' must be B ≥ 1 rows of equal length; got ${B} rows`,
        );
      }
      const flat = new Float32Array(B * L);
      rows.forEach((r, b) => flat.set(Array.from(r), b * L));
      const M = wavelength.length;
      // work items of ONE spectrum each (a worker runs spectra one at a time anyway: plain 2-D products, the fastest on
      // wasm): whole spectra when there are ≥ 3 per worker, else each spectrum split into wavelength slices, ≈ 3 items
      // per worker (balance on a shared machine), slices of ≥ 256 λ (each item folds its spectrum's keys/values once,
      // ≈ the cost of 25 wavelengths at paper size)
      const perSpectrum = B >= 3 * n ? 1 : Math.ceil((3 * n) / B);
      const size = opts.sliceWavelengths ?? Math.max(256, Math.ceil(M / perSpectrum));
      const items: Array<[number, number, number]> = [];
      for (let b = 0; b < B; b++) for (let s = 0; s < M; s += size) items.push([b, s, Math.min(M, s + size)]);
      const out = new Float32Array(B * M);
      let next = 0;
      // each worker takes the next item as soon as it is free (balances the load on a shared machine)
      await Promise.all(
        workers.map(async (w) => {
          while (next < items.length) {
            const [b, start, end] = items[next++]!;
            const flux = await run(w, {
              id: nextId++,
              batch: 1,
              labels: flat.slice(b * L, (b + 1) * L),
              wavelength: wavelength.subarray(start, end),
              options: predictOpts,
            });
            out.set(flux, b * M + start);
          }
        }),
      );
      return out;
    },
    async terminate() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
      for (const p of pending.values()) p.reject(new Error('PredictPool: terminated'));
      pending.clear();
    },
  };
}
