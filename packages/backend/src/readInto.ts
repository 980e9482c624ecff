import * as tf from '@tensorflow/tfjs';

/** The member of tfjs-backend-wasm's BackendWasm that views a tensor's data in the wasm heap. */
interface HeapViews {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Copies a float32 tensor's values into `out` at `offset` without allocating a new array: straight from a view of
 * the wasm heap on the wasm backend (dataSync would slice a fresh copy of it; at tens of MB per call that garbage
 * drives V8's GC), through dataSync on the others. `out` must have room for them.
 */
export function readFloat32Into(t: tf.Tensor, out: Float32Array, offset = 0): void {
  if (t.dtype !== 'float32') throw new TypeError(`readFloat32Into: expected a float32 tensor; got ${t.dtype}`);
  if (offset + t.size > out.length) {
    throw new RangeError(`readFloat32Into: ${t.size} values from offset ${offset} do not fit in ${out.length}`);
  }
  const backend = tf.backend() as unknown as Partial<HeapViews>;
  if (tf.getBackend() === 'wasm' && typeof backend.typedArrayFromHeap === 'function') {
    out.set(backend.typedArrayFromHeap(t) as Float32Array, offset);
  } else {
    out.set(t.dataSync() as Float32Array, offset);
  }
}
