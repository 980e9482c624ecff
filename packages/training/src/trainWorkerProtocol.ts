import type { InitBackendOptions } from '@astroemu/backend';
import type { FlatAdamWSettings } from './FlatAdamW';

/** Messages between createParallelTrainStep and its worker threads (dist/trainWorker.js). */
export interface TrainWorkerData {
  backend: string;
  nativeBlas: InitBackendOptions['nativeBlas'];
  /** Modules imported before decoding the bundle: they register the emulator's kind (e.g. '@astroemu/transformer-payne'). */
  modules: string[];
  bundleFiles: Record<string, Uint8Array>;
  /** Parameter names in the main thread's flat layout (checked against the worker's model). */
  names: string[];
  microBatch?: number;
  wavelength?: Float64Array;
  /** The main thread's AdamW, which the worker's copy mirrors update for update. */
  optimizer: MirroredAdamW;
  /** The averaged batch gradient of the last step (written by the main thread before each 'update'). */
  averaged: SharedArrayBuffer;
}

/** What a worker needs to build an AdamW identical to the main thread's (no functions: they do not cross threads). */
export interface MirroredAdamW extends FlatAdamWSettings {
  clipNorm?: number;
}

export type TrainWorkerRequest =
  /** Take the main thread's parameters and AdamW state (at the first step, and whenever they changed elsewhere). */
  | { kind: 'sync'; params: Float32Array; step: number; m: Float32Array; v: Float32Array }
  /** Loss and gradient of this share of the batch at the current parameters. */
  | {
      kind: 'gradient';
      id: number;
      labels: Float32Array;
      target: Float32Array;
      batch: number;
      wavelength?: Float64Array;
    }
  /** Apply the AdamW update with the averaged gradient (in `averaged`), as the main thread does at the same time. */
  | { kind: 'update'; lr: number }
  /** Reply with the worker's parameters (tests, diagnostics). */
  | { kind: 'parameters'; id: number };

export interface TrainWorkerResponse {
  id: number;
  loss?: number;
  grad?: Float32Array;
  params?: Float32Array;
  error?: string;
}
