// Worker side of createParallelTrainStep: one TensorFlow.js backend (wasm), one copy of the emulator decoded from the
// main thread's bundle, and one AdamW that mirrors the main thread's: on request it returns the loss and flat gradient
// of its share of the batch, and it applies every update itself with the averaged gradient the main thread shares, so
// parameters never travel between threads after the first step. Built as dist/trainWorker.js.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '@astroemu/backend';
import { decodeBundle } from '@astroemu/emulator-core';
import { createTrainStep } from './createTrainStep';
import type { TrainWorkerData, TrainWorkerRequest, TrainWorkerResponse } from './trainWorkerProtocol';

const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

async function main(): Promise<void> {
  const data = workerData as TrainWorkerData;
  await initBackend({ backend: data.backend as BackendName, nativeBlas: data.nativeBlas });
  for (const m of data.modules) await import(m);
  const model = await decodeBundle(data.bundleFiles);
  const { decayed, ...adam } = data.optimizer;
  const decays = new Set(decayed);
  const step = createTrainStep(model, {
    ...adam,
    decay: (name) => decays.has(name),
    ...(data.microBatch !== undefined ? { microBatch: data.microBatch } : {}),
    ...(data.wavelength !== undefined ? { wavelength: data.wavelength } : {}),
  });
  if (step.layout.names.join('\n') !== data.names.join('\n')) {
    throw new Error(
      `trainWorker: the decoded model's parameters (${step.layout.names.length}) differ from the main thread's (${data.names.length})`,
    );
  }
  const averaged = new Float32Array(data.averaged);
  // a private copy: update() may clip its gradient in place, and other workers read the shared one at the same time
  const gradient = new Float32Array(averaged.length);
  // an update runs without a reply; its error (never expected: the main thread ran the same update) goes with the next
  // reply, until the next sync
  let failed: string | undefined;
  parentPort!.on('message', (req: TrainWorkerRequest) => {
    if (req.kind === 'sync' || req.kind === 'update') {
      try {
        if (req.kind === 'update') {
          gradient.set(averaged);
          step.update(gradient, req.lr);
        } else {
          step.writeParameters(req.params);
          step.optimizer.setFlatState(req.step, req.m, req.v);
          failed = undefined;
        }
      } catch (e) {
        failed ??= `${req.kind}: ${message(e)}`;
      }
      return;
    }
    let reply: TrainWorkerResponse;
    const transfer: ArrayBuffer[] = [];
    try {
      if (failed !== undefined) throw new Error(failed);
      if (req.kind === 'parameters') reply = { id: req.id, params: step.readParameters() };
      else {
        const { loss, grad } = step.gradient(req.labels, req.target, req.batch, req.wavelength);
        reply = { id: req.id, loss, grad };
        transfer.push(grad.buffer as ArrayBuffer);
      }
    } catch (e) {
      reply = { id: req.id, error: message(e) };
    }
    parentPort!.postMessage(reply, transfer);
  });
  parentPort!.postMessage({ ready: true });
}

main().catch((e: unknown) => parentPort!.postMessage({ fatal: message(e) }));
