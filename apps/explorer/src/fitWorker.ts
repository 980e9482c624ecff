/// <reference lib="webworker" />
// Fits an observed spectrum with the front door (@astroemu/emulators) off the main thread (fitting is synchronous), so the
// page keeps drawing and shows progress. The worker decodes its own copy of the bundle on its own backend.
import { openBundleFiles } from './engine/loadBundle';
import { startBackend } from './engine/backend';
import type { FitReply, FitRequest } from './engine/fitMessages';

const post = (m: FitReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = async (ev: MessageEvent<FitRequest>) => {
  const req = ev.data;
  try {
    const t0 = performance.now();
    let backend: string;
    try {
      backend = await startBackend('wasm', req.baseUrl);
    } catch {
      backend = await startBackend('cpu', req.baseUrl);
    }
    post({ type: 'backend', backend });
    const emulator = await openBundleFiles(req.files);
    try {
      // fit and the best-fit model on the observed pixels (rest-frame prediction → LSF → Doppler shift → observed grid)
      const [fitted] = emulator.fit([{ wavelength: req.wavelength, flux: req.flux, ivar: req.ivar, mask: req.mask }], {
        fit: req.fit,
        fixed: req.fixed,
        ...(req.resolvingPower ? { resolvingPower: req.resolvingPower } : {}),
        onProgress: (progress) => post({ type: 'progress', progress }),
      });
      if (!fitted) throw new Error('fit returned no result');
      const { model, ...result } = fitted;
      post({ type: 'done', result, model, backend, ms: performance.now() - t0 });
    } finally {
      emulator.dispose();
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
};
