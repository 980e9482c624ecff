import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FitProgress, FitResult, ObservedSpectrum } from '@astroemu/inference';
import type { FitWorkerData, FitWorkerMessage, FitWorkerRequest } from './fitWorkerProtocol';

/** A set of fit worker threads; `fit(w, …)` fits one batch on worker w. */
export interface FitPool {
  readonly workers: number;
  /** Fits a batch on worker `w`; rejects with the fit's own message if fitSpectra threw, with a WorkerLostError if the worker died. */
  fit(w: number, spectra: ObservedSpectrum[], onProgress?: (p: FitProgress) => void): Promise<FitResult[]>;
  terminate(): Promise<void>;
}

/** A fit worker stopped (crashed, ran out of memory, was terminated): not a fit failure of one batch. */
export class WorkerLostError extends Error {
  override name = 'WorkerLostError';
}

/** The built worker script: dist/fitWorker.js beside dist/cli.js, or, running from src/ (tests), ../dist/fitWorker.js. */
export function fitWorkerUrl(): URL {
  const built = new URL('./fitWorker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  return new URL('../dist/fitWorker.js', import.meta.url);
}

/** Starts `n` worker threads, each initialising its own backend and loading the bundle itself; resolves when all are ready. */
export async function startFitPool(n: number, data: FitWorkerData, url: URL = fitWorkerUrl()): Promise<FitPool> {
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(
      `--workers ${n}: the worker script ${fileURLToPath(url)} is missing; build the app first (npm run build in apps/fit)`,
    );
  }
  // the workers run the built app: drop a parent's --conditions (e.g. a test runner's 'source' condition → .ts files)
  const execArgv = process.execArgv.filter(
    (a, i, all) => !/^(--conditions|-C)(=|$)/.test(a) && !/^(--conditions|-C)$/.test(all[i - 1] ?? ''),
  );
  const workers = Array.from({ length: n }, () => new Worker(url, { workerData: data, execArgv }));
  const pending = new Map<
    number,
    { resolve: (r: FitResult[]) => void; reject: (e: Error) => void; onProgress?: (p: FitProgress) => void }
  >();
  const owner = new Map<number, number>(); // request id → worker
  let lost: Error | undefined;
  let closed = false;
  const fail = (w: number, e: Error): void => {
    for (const [id, p] of pending) {
      if (owner.get(id) !== w) continue;
      pending.delete(id);
      p.reject(e);
    }
  };
  const ready = workers.map(
    (worker, w) =>
      new Promise<void>((resolve, reject) => {
        let started = false;
        worker.on('message', (m: FitWorkerMessage) => {
          if (!started) {
            started = true;
            if ('ready' in m) resolve();
            else reject(new Error(`a fit worker failed to start: ${'fatal' in m ? m.fatal : JSON.stringify(m)}`));
            return;
          }
          if (!('id' in m)) return;
          const p = pending.get(m.id);
          if (!p) return;
          if ('progress' in m) p.onProgress?.(m.progress);
          else {
            pending.delete(m.id);
            if ('error' in m) p.reject(new Error(m.error));
            else p.resolve(m.results);
          }
        });
        worker.on('error', (e) => {
          lost = new WorkerLostError(`fit worker ${w} failed: ${e.message}`);
          if (!started) reject(e);
          fail(w, lost);
        });
        worker.on('exit', (code) => {
          if (closed) return;
          lost ??= new WorkerLostError(`fit worker ${w} stopped (exit code ${code})`);
          if (!started) reject(lost);
          fail(w, lost);
        });
      }),
  );
  try {
    await Promise.all(ready);
  } catch (e) {
    closed = true;
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  let nextId = 0;
  return {
    workers: n,
    fit(w, spectra, onProgress) {
      if (closed) return Promise.reject(new WorkerLostError('the fit workers were terminated'));
      if (lost) return Promise.reject(lost);
      return new Promise((resolve, reject) => {
        const req: FitWorkerRequest = { id: nextId++, spectra };
        pending.set(req.id, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
        owner.set(req.id, w);
        workers[w]!.postMessage(req);
      });
    },
    async terminate() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
      for (const p of pending.values()) p.reject(new WorkerLostError('the fit workers were terminated'));
      pending.clear();
    },
  };
}
