import type * as tf from '@tensorflow/tfjs';
import { gemmBatched } from './gemmBatched';
import type { NativeBlas } from './loadNativeBlas';
import { planMatMul } from './matMulPlan';
import { heapF32, type WasmHeapBackend } from './wasmHeap';

/** A 'BatchMatMul' kernelFunc for the wasm backend that runs OpenBLAS, else calls `fallback` (the original). */
export function nativeBatchMatMul(blas: NativeBlas, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const plan = planMatMul(a, b, transposeA === true, transposeB === true);
    if (plan === undefined) return fallback(args);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput(plan.outShape, 'float32');
    gemmBatched(blas, plan, heapF32(backend, a), heapF32(backend, b), heapF32(backend, out));
    return out;
  };
}
