import type * as tf from '@tensorflow/tfjs';

/** The two members of tfjs-backend-wasm's BackendWasm the native kernels use. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view of the wasm heap; take it AFTER makeOutput (allocating may grow, and so detach, the heap). */
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** A float32 tensor's data as a Float32Array over the wasm heap. */
export function heapF32(backend: WasmHeapBackend, t: tf.TensorInfo): Float32Array {
  const v = backend.typedArrayFromHeap(t);
  if (!(v instanceof Float32Array)) throw new TypeError(`native-blas: expected a float32 tensor, got ${t.dtype}`);
  return v;
}
