import * as tf from '@tensorflow/tfjs';

/**
 * 'Identity' on the wasm backend that shares the input's data (one more reference, as the cpu backend's Identity and
 * wasm's own Reshape do) instead of copying it. tfjs clones every tensor a gradient keeps (the saved inputs of each
 * kernel, customGrad's save), and wasm's Identity copies each one: ≈ 200 copies of activations per TransformerPayne
 * training step. No wasm kernel writes into its inputs, so sharing is safe. Strings keep the original kernel.
 */
function sharedIdentity(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const backend = args.backend as unknown as { incRef?: (dataId: object) => void };
    if (x.dtype === 'string' || typeof backend.incRef !== 'function') return original(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

let installed = false;

/**
 * Registers {@link sharedIdentity} for the wasm backend once, when the active backend is wasm (the ops of this
 * package that keep tensors for their gradients call it). Idempotent and cheap.
 */
export function useSharedWasmIdentity(): void {
  if (installed || tf.getBackend() !== 'wasm') return;
  const identity = tf.getKernel('Identity', 'wasm');
  if (identity === undefined) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ ...identity, kernelFunc: sharedIdentity(identity.kernelFunc) });
  installed = true;
}
