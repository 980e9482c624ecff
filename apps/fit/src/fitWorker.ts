// Worker side of `astroemu-fit --workers N`: its own TensorFlow.js backend (wasm by default) and its own copy of the
// emulator (loaded from the bundle folder); fits the batches the parent sends. Built as dist/fitWorker.js.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend, poolWorkerNativeBlas, type BackendName } from '@astroemu/backend';
import { fitSpectra } from '@astroemu/inference';
import type { FitWorkerData, FitWorkerMessage, FitWorkerRequest } from './fitWorkerProtocol';
import { loadBundle } from './loadBundle';

const post = (m: FitWorkerMessage): void => parentPort!.postMessage(m);

async function main(): Promise<void> {
  const data = workerData as FitWorkerData;
  await initBackend({ backend: data.backend as BackendName, nativeBlas: poolWorkerNativeBlas() });
  const emulator = await loadBundle(data.bundleDir);
  parentPort!.on('message', (req: FitWorkerRequest) => {
    try {
      const results = fitSpectra(emulator, req.spectra, {
        ...data.options,
        onProgress: (progress) => post({ id: req.id, progress }),
      });
      post({ id: req.id, results });
    } catch (e) {
      // the same text as the single-thread path puts in its error rows
      post({ id: req.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
  post({ ready: true, backend: tf.getBackend() });
}

main().catch((e: unknown) => post({ fatal: e instanceof Error ? e.message : String(e) }));
