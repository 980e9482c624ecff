import type { FitOptions, FitProgress, FitResult, ObservedSpectrum } from '@astroemu/inference';

/** What every fit worker is started with. */
export interface FitWorkerData {
  /** Emulator bundle folder (each worker loads it itself). */
  bundleDir: string;
  /** TensorFlow.js backend of the worker. */
  backend: string;
  /** Options of fitSpectra (without onProgress, which cannot cross threads). */
  options: Omit<FitOptions, 'onProgress'>;
}

/** Parent → worker: fit these spectra together (one batch). */
export interface FitWorkerRequest {
  id: number;
  spectra: ObservedSpectrum[];
}

/** Worker → parent: the first message ({ready} or {fatal}), then progress and one answer per request. */
export type FitWorkerMessage =
  | { ready: true; backend: string }
  | { fatal: string }
  | { id: number; progress: FitProgress }
  | { id: number; results: FitResult[] }
  | { id: number; error: string };
