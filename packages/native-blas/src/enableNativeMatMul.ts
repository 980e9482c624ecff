import * as tf from '@tensorflow/tfjs';
import { loadNativeBlas } from './loadNativeBlas';
import { nativeBatchMatMul } from './nativeBatchMatMul';
import { nativeFusedMatMul } from './nativeFusedMatMul';

export interface EnableNativeMatMulOptions {
  /** OpenBLAS threads (`openblas_set_num_threads`); use 1 inside each worker of a worker pool. */
  threads?: number;
}

const BACKEND = 'wasm';
const KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

/** The wasm backend's own kernel configs while the native ones are registered. */
let originals: Map<string, tf.KernelConfig> | undefined;

function register(config: tf.KernelConfig): void {
  tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

/**
 * Route the wasm backend's 'BatchMatMul' and '_FusedMatMul' kernels through OpenBLAS (float32; other cases fall
 * back to the original kernels). Returns false, changing nothing, when the addon is not built or fails to load, or
 * when the wasm backend's kernels are not registered yet (import '@tensorflow/tfjs-backend-wasm' / initBackend
 * first). Calling it again only applies `threads`.
 */
export function enableNativeMatMul(opts: EnableNativeMatMulOptions = {}): boolean {
  const { threads } = opts;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new RangeError(`enableNativeMatMul: 'threads' must be a positive integer; got ${threads}`);
  }
  const blas = loadNativeBlas();
  if (blas === undefined) return false;
  if (originals === undefined) {
    const found = KERNELS.map((name) => tf.getKernel(name, BACKEND));
    if (found.some((k) => k === undefined)) return false;
    const [bmm, fused] = found as tf.KernelConfig[];
    originals = new Map([
      [bmm.kernelName, bmm],
      [fused.kernelName, fused],
    ]);
    // Keep setupFunc/disposeFunc: a wasm backend initialised later still sets up the originals used as fallback.
    register({ ...bmm, kernelFunc: nativeBatchMatMul(blas, bmm.kernelFunc) });
    register({ ...fused, kernelFunc: nativeFusedMatMul(blas, fused.kernelFunc) });
  }
  if (threads !== undefined) blas.setNumThreads(threads);
  return true;
}

/** Restore the wasm backend's own matMul kernels; returns false when the native ones were not enabled. */
export function disableNativeMatMul(): boolean {
  if (originals === undefined) return false;
  for (const config of originals.values()) register(config);
  originals = undefined;
  return true;
}

/** Whether {@link enableNativeMatMul} is in effect. */
export function isNativeMatMulEnabled(): boolean {
  return originals !== undefined;
}
