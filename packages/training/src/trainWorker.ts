// Worker side of createParallelTrainStep: one TensorFlow.js backend (wasm) and one copy of the emulator per worker
// thread, decoded from the main thread's bundle; on request it loads the main thread's parameters and returns the
// loss and flat gradient of its share of the batch. Built as dist/trainWorker.js.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '@astroemu/backend';
import { decodeBundle } from '@astroemu/emulator-core';
import { createTrainStep } from './createTrainStep';
import type { TrainWorkerData, TrainWorkerRequest } from './trainWorkerProtocol';

async function main(): Promise<void> {
  const data = workerData as TrainWorkerData;
  await initBackend({ backend: data.backend as BackendName, nativeBlas: data.nativeBlas });
  for (const m of data.modules) await import(m);
  const model = await decodeBundle(data.bundleFiles);
  const step = createTrainStep(model, {
    ...(data.microBatch !== undefined ? { microBatch: data.microBatch } : {}),
    ...(data.wavelength !== undefined ? { wavelength: data.wavelength } : {}),
  });
  if (step.layout.names.join('\n') !== data.names.join('\n')) {
    throw new Error(
      `trainWorker: the decoded model's parameters (${step.layout.names.length}) differ from the main thread's (${data.names.length})`,
    );
  }
  parentPort!.on('message', (req: TrainWorkerRequest) => {
    try {
      step.writeParameters(req.params);
      const { loss, grad } = step.gradient(req.labels, req.target, req.batch, req.wavelength);
      parentPort!.postMessage({ id: req.id, loss, grad }, [grad.buffer as ArrayBuffer]);
    } catch (e) {
      parentPort!.postMessage({ id: req.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  });
  parentPort!.postMessage({ ready: true });
}

main().catch((e: unknown) =>
  parentPort!.postMessage({ fatal: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
);
