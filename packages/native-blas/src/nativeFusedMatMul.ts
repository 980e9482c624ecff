import * as tf from '@tensorflow/tfjs';
import { gemmBatched } from './gemmBatched';
import type { NativeBlas } from './loadNativeBlas';
import { planMatMul } from './matMulPlan';
import { heapF32, type WasmHeapBackend } from './wasmHeap';

/** Activations the native path fuses, as the addon's biasActivation codes. */
const ACTIVATION_CODE: Record<string, 0 | 1 | 2> = { linear: 0, relu: 1, leakyrelu: 2 };

/** 'row': bias of N values added to every output row; 'full': one value per output element. */
function biasMode(bias: tf.TensorInfo, N: number, outShape: number[]): 'row' | 'full' | undefined {
  if (bias.dtype !== 'float32') return undefined;
  const size = tf.util.sizeFromShape(bias.shape);
  const last = bias.shape[bias.shape.length - 1] ?? 1;
  if (size === N && last === N) return 'row';
  if (size !== tf.util.sizeFromShape(outShape) || bias.shape.length > outShape.length) return undefined;
  const offset = outShape.length - bias.shape.length;
  return bias.shape.every((d, i) => d === outShape[offset + i]) ? 'full' : undefined;
}

/**
 * A '_FusedMatMul' kernelFunc for the wasm backend: OpenBLAS GEMM, then bias (N values per row, or a full output
 * shape) and linear / relu / leakyrelu. Other activations, prelu weights or other bias shapes call `fallback`.
 */
export function nativeFusedMatMul(blas: NativeBlas, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as {
      a: tf.TensorInfo;
      b: tf.TensorInfo;
      bias?: tf.TensorInfo | null;
      preluActivationWeights?: tf.TensorInfo | null;
    };
    const attrs = (args.attrs ?? {}) as {
      transposeA?: boolean;
      transposeB?: boolean;
      activation?: string;
      leakyreluAlpha?: number;
    };
    const code = ACTIVATION_CODE[attrs.activation ?? 'linear'];
    if (code === undefined || preluActivationWeights != null) return fallback(args);
    const plan = planMatMul(a, b, attrs.transposeA === true, attrs.transposeB === true);
    if (plan === undefined) return fallback(args);
    const mode = bias == null ? undefined : biasMode(bias, plan.N, plan.outShape);
    if (bias != null && mode === undefined) return fallback(args);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput(plan.outShape, 'float32');
    const outView = heapF32(backend, out);
    gemmBatched(blas, plan, heapF32(backend, a), heapF32(backend, b), outView);
    if ((bias != null || code !== 0) && outView.length > 0) {
      blas.biasActivation(
        outView,
        bias == null ? null : heapF32(backend, bias),
        plan.N,
        code,
        attrs.leakyreluAlpha || 0,
      );
    }
    return out;
  };
}
