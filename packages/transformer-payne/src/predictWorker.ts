// Worker side of createPredictPool: one TensorFlow.js backend (wasm by default) and one TransformerPayne per worker
// thread, loaded from the same bundle; predicts wavelength slices on request. Built as dist/predictWorker.js.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '@astroemu/backend';
import { decodeBundle, loadEmulator, type BundleFiles } from '@astroemu/emulator-core';
import { registerTransformerPayne } from './registerTransformerPayne';
import type { TransformerPayne } from './transformerPayne';
import type { PredictPoolRequest, PredictPoolWorkerData } from './predictPoolProtocol';

async function main(): Promise<void> {
  const data = workerData as PredictPoolWorkerData;
  // explicit either way: a worker inherits ASTROEMU_NATIVE_BLAS, and OpenBLAS must not start one thread per core in each worker
  await initBackend({ backend: data.backend as BackendName, nativeBlas: data.nativeBlas });
  registerTransformerPayne();
  const model = (
    data.bundleDir !== undefined
      ? await loadEmulator(data.bundleDir)
      : await decodeBundle(new Map(Object.entries(data.bundleFiles ?? {})) as BundleFiles)
  ) as TransformerPayne;
  parentPort!.on('message', (req: PredictPoolRequest) => {
    try {
      const flux = tf.tidy(() => {
        const labels = tf.tensor2d(req.labels, [req.batch, req.labels.length / req.batch]);
        return model.predict(labels, req.wavelength, req.options);
      });
      const values = flux.dataSync() as Float32Array;
      flux.dispose();
      parentPort!.postMessage({ id: req.id, flux: values }, [values.buffer as ArrayBuffer]);
    } catch (e) {
      parentPort!.postMessage({ id: req.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  });
  parentPort!.postMessage({ ready: true, backend: tf.getBackend() });
}

main().catch((e: unknown) =>
  parentPort!.postMessage({ fatal: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
);
