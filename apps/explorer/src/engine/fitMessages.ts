import type { FitProgress, FitResult } from '@astroemu/inference';

/** Main thread → fit worker. */
export interface FitRequest {
  files: Record<string, Uint8Array>;
  wavelength: Float64Array;
  flux: Float64Array;
  ivar: Float64Array;
  mask: Uint8Array;
  fit: string[];
  fixed: Record<string, number>;
  /** Instrumental resolving power (Gaussian LSF), or undefined for none. */
  resolvingPower?: number;
  /** The page's URL (the worker resolves the wasm folder against it). */
  baseUrl: string;
}

/** Fit worker → main thread. */
export type FitReply =
  | { type: 'progress'; progress: FitProgress }
  | { type: 'backend'; backend: string }
  | { type: 'done'; result: FitResult; model: Float64Array; backend: string; ms: number }
  | { type: 'error'; message: string };
