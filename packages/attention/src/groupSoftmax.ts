import * as tf from '@tensorflow/tfjs';
import { ShapeError, formatShape } from './errors';
import { fusedGroupSoftmax } from './fusedWasmKernels';

/**
 * Softmax over each group of `group` consecutive values of the last axis: x [..., H·T] with group T gives the
 * per-head softmax of H heads side by side (TransformerPayne's folded attention). On wasm with T a multiple of 4 one
 * SIMD kernel forward and one backward (fusedWasmKernels.ts); elsewhere tf.softmax between two reshapes.
 */
export function groupSoftmax(x: tf.Tensor, group: number): tf.Tensor {
  const last = x.shape[x.rank - 1];
  if (!Number.isInteger(group) || group < 1 || last === undefined || last % group !== 0) {
    throw new ShapeError(`groupSoftmax: group must divide the last axis of x ${formatShape(x.shape)}; got ${group}`);
  }
  return fusedGroupSoftmax(x, group) ?? tf.tidy(() => tf.softmax(x.reshape([-1, group]), -1).reshape(x.shape));
}
