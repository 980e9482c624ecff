import type { InitBackendOptions } from '@astroemu/backend';

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
}

export interface TrainWorkerRequest {
  id: number;
  /** Every parameter, flat, in the main thread's layout. */
  params: Float32Array;
  labels: Float32Array;
  target: Float32Array;
  batch: number;
  wavelength?: Float64Array;
}

export interface TrainWorkerResponse {
  id: number;
  loss?: number;
  grad?: Float32Array;
  error?: string;
}
