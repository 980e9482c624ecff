/// <reference lib="webworker" />
// Fits an observed spectrum with @astroemu/inference off the main thread (fitSpectra is synchronous), so the
// page keeps drawing and shows progress. The worker decodes its own copy of the bundle on its own backend.
import { dopplerFactor, broadenGaussian, interpolateLinear } from '@astroemu/grid-io';
import { fitSpectra } from '@astroemu/inference';
import { decodeBundleFiles } from './engine/loadBundle';
import { startBackend } from './engine/backend';
import { predictSpectrum } from './engine/emulate';
import type { FitReply, FitRequest } from './engine/fitMessages';
import { userWavelengthGrid } from './state/wavelengthGrid';

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
    const emulator = await decodeBundleFiles(req.files);
    try {
      const [result] = fitSpectra(emulator, [{ wavelength: req.wavelength, flux: req.flux, ivar: req.ivar, mask: req.mask }], {
        fit: req.fit,
        fixed: req.fixed,
        ...(req.resolvingPower ? { resolvingPower: req.resolvingPower } : {}),
        onProgress: (progress) => post({ type: 'progress', progress }),
      });
      if (!result) throw new Error('fitSpectra returned no result');
      // The best-fit model on the observed pixels: rest-frame prediction → LSF → Doppler shift → observed grid.
      const labels = Float64Array.from(emulator.labels, (s) => result.labels[s.name] ?? NaN);
      let model: Float64Array = new Float64Array(req.wavelength.length).fill(NaN);
      if (labels.every(Number.isFinite)) {
        const lo = req.wavelength[0]!;
        const hi = req.wavelength[req.wavelength.length - 1]!;
        const rest = emulator.wavelength.fixed ? undefined : userWavelengthGrid({ min: lo * 0.995, max: hi * 1.005, R: 20_000 }, emulator.wavelength);
        const pred = await predictSpectrum(emulator, labels, rest);
        const flux = req.resolvingPower ? broadenGaussian(pred.wavelength, pred.flux, req.resolvingPower) : pred.flux;
        const f = Number.isFinite(result.rv) ? 1 / dopplerFactor(result.rv) : 1;
        model = interpolateLinear(Float64Array.from(req.wavelength, (x) => x * f), pred.wavelength, flux, { fill: NaN });
      }
      post({ type: 'done', result, model, backend, ms: performance.now() - t0 });
    } finally {
      emulator.dispose();
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
};
