import type { FitProgress, FitResult } from '@astroemu/inference';
import type { FitReply, FitRequest } from './fitMessages';

/** Runs one fit in a fresh module worker; resolves with the result and the best-fit model on the observed pixels. */
export function runFitInWorker(
  req: FitRequest,
  onProgress: (p: FitProgress) => void,
  onBackend: (name: string) => void = () => {},
): Promise<{ result: FitResult; model: Float64Array; backend: string; ms: number }> {
  const worker = new Worker(new URL('../fitWorker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<FitReply>) => {
      const m = ev.data;
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'backend') onBackend(m.backend);
      else {
        worker.terminate();
        if (m.type === 'done') resolve(m);
        else reject(new Error(m.message));
      }
    };
    worker.onerror = (ev) => {
      worker.terminate();
      reject(new Error(`fit worker failed: ${ev.message || 'could not start'}`));
    };
    worker.postMessage(req);
  });
}
