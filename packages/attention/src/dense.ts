import * as tf from '@tensorflow/tfjs';
import { ShapeError, formatShape } from './errors';
import { matMul, matMulBias } from './matMul';

/** Weights of a dense (affine) layer: kernel [in, out], optional bias [out]. */
export interface DenseParams {
  kernel: tf.Tensor;
  bias?: tf.Tensor;
}

/**
 * y = x · W + b over the last axis, for x of any rank ≥ 1 ([..., in] → [..., out]). The gradient uses a transpose
 * and a plain matMul (see {@link matMul}).
 */
export function dense(x: tf.Tensor, p: DenseParams): tf.Tensor {
  // Read the weights inside the tidy: with an adapter (LoRA) each read makes a new tensor.
  return tf.tidy(() => {
    const kernel = p.kernel;
    const bias = p.bias;
    const [inDim, outDim] = kernel.shape as [number, number];
    if (kernel.rank !== 2 || x.shape[x.rank - 1] !== inDim) {
      throw new ShapeError(
        `dense: expected x [..., ${kernel.shape[0]}] and kernel [in, out]; got x ${formatShape(x.shape)} and kernel ${formatShape(kernel.shape)}`,
      );
    }
    if (bias !== undefined && (bias.rank !== 1 || bias.shape[0] !== outDim)) {
      throw new ShapeError(`dense: expected bias [${outDim}]; got ${formatShape(bias.shape)}`);
    }
    const lead = x.shape.slice(0, -1);
    // a Reshape is a kernel call on every backend: none when x is already [n, in]
    const flat = (x.rank === 2 ? x : x.reshape([-1, inDim])) as tf.Tensor2D;
    const y =
      bias === undefined
        ? matMul(flat, kernel as tf.Tensor2D)
        : matMulBias(flat, kernel as tf.Tensor2D, bias as tf.Tensor1D);
    return x.rank === 2 ? y : y.reshape([...lead, outDim]);
  });
}
