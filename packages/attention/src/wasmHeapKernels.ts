import * as tf from '@tensorflow/tfjs';

/**
 * Two kernels registered for the wasm backend that replace slow paths of tfjs-backend-wasm in the training step's
 * products (both measured in a `small` TransformerPayne step, 16 × 1 024 λ):
 * - batched products a [n, m, k] · b [n, k, p] with n > 1 run a scalar loop there (≈ 1.2 GFLOP/s); here they are n
 *   calls of the backend's own 2-D BatchMatMul, i.e. XNNPACK's packed GEMM;
 * - its Transpose of large activations ([8 192, 256] → [256, 8 192]: ≈ 40 ms, 20 ns per value) is replaced by a
 *   tiled copy on the heap.
 * Both are plain kernels without gradients: the custom-gradient ops of matMul.ts call them.
 */

/** The members of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view of the wasm heap; take it AFTER every makeOutput (allocating may grow, and so detach, the heap). */
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
}

const BATCHED_MAT_MUL = 'AstroemuBatchedMatMul';
const TRANSPOSE_LAST2 = 'AstroemuTransposeLast2';

/**
 * a [n, m, k] · b [n, k, p] as n plain products through the backend's BatchMatMul. Each slice is copied into a fresh
 * tensor: the backend caches XNNPACK operators (with b's packed values) by b's id, so b's slice must never reuse one.
 */
function batchedMatMul(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as WasmHeapBackend;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const [n, m, k] = a.shape as [number, number, number];
  const p = b.shape[2]!;
  const plain = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
  const out = backend.makeOutput([n, m, p], 'float32');
  for (let i = 0; i < n; i++) {
    const as = backend.makeOutput([m, k], 'float32');
    const bs = backend.makeOutput([k, p], 'float32');
    backend.typedArrayFromHeap(as).set(backend.typedArrayFromHeap(a).subarray(i * m * k, (i + 1) * m * k));
    backend.typedArrayFromHeap(bs).set(backend.typedArrayFromHeap(b).subarray(i * k * p, (i + 1) * k * p));
    const o = plain({
      inputs: { a: as, b: bs },
      backend: backend as unknown as tf.KernelBackend,
      attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(o), i * m * p);
    backend.disposeData(o.dataId);
    backend.disposeData(as.dataId);
    backend.disposeData(bs.dataId);
  }
  return out;
}

/** x [..., r, c] → [..., c, r], in 64 × 64 tiles (each tile's reads and writes stay within a few cache lines). */
function transposeLast2(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as WasmHeapBackend;
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  const rank = x.shape.length;
  const r = x.shape[rank - 2]!;
  const c = x.shape[rank - 1]!;
  const n = x.shape.slice(0, -2).reduce((s, d) => s * d, 1);
  const out = backend.makeOutput([...x.shape.slice(0, -2), c, r], 'float32');
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const T = 64;
  for (let b = 0; b < n; b++) {
    const o = b * r * c;
    // output rows outermost inside a tile: contiguous writes, strided reads (measured 4× faster than the reverse)
    for (let j0 = 0; j0 < c; j0 += T) {
      const j1 = Math.min(j0 + T, c);
      for (let i0 = 0; i0 < r; i0 += T) {
        const i1 = Math.min(i0 + T, r);
        for (let j = j0; j < j1; j++) {
          const orow = o + j * r;
          for (let i = i0; i < i1; i++) dst[orow + i] = src[o + i * c + j]!;
        }
      }
    }
  }
  return out;
}

let registered = false;

/** Whether the kernels can run (the active backend is wasm); registers them on first use. */
function ready(): boolean {
  if (tf.getBackend() !== 'wasm' || tf.getKernel('BatchMatMul', 'wasm') === undefined) return false;
  if (!registered) {
    const add = (kernelName: string, kernelFunc: unknown): void => {
      if (tf.getKernel(kernelName, 'wasm') === undefined)
        tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
    };
    add(BATCHED_MAT_MUL, batchedMatMul);
    add(TRANSPOSE_LAST2, transposeLast2);
    registered = true;
  }
  return true;
}

/** a [n, m, k] · b [n, k, p] (float32) as n XNNPACK products on wasm; undefined elsewhere (use BatchMatMul). */
export function wasmBatchedMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || !ready()) return undefined;
  return tf.engine().runKernel(BATCHED_MAT_MUL, { a, b }) as tf.Tensor;
}

/** x [..., r, c] → [..., c, r] (float32) by the tiled heap kernel on wasm; undefined elsewhere (use tf.transpose). */
export function wasmTransposeLast2(x: tf.Tensor): tf.Tensor | undefined {
  if (x.dtype !== 'float32' || x.rank < 2 || !ready()) return undefined;
  return tf.engine().runKernel(TRANSPOSE_LAST2, { x }) as tf.Tensor;
}
