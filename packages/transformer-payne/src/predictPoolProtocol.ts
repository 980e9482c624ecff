import type { InitBackendOptions } from '@astroemu/backend';
import type { PredictOptions } from './transformerPayne';

/** What each worker of a predict pool starts with. */
export interface PredictPoolWorkerData {
  backend: string;
  /** initBackend's nativeBlas option for this worker (poolWorkerNativeBlas: one OpenBLAS thread per worker). */
  nativeBlas: InitBackendOptions['nativeBlas'];
  bundleDir?: string;
  bundleFiles?: Record<string, Uint8Array>;
}

/** One wavelength slice to predict: labels [batch, L] row-major (physical units), the slice's wavelengths (Å). */
export interface PredictPoolRequest {
  id: number;
  batch: number;
  labels: Float32Array;
  wavelength: Float64Array;
  options: PredictOptions;
}

/** A worker's answer: the flux [batch, slice length] row-major, or an error message. */
export interface PredictPoolResponse {
  id: number;
  flux?: Float32Array;
  error?: string;
}
