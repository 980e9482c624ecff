import * as tf from '@tensorflow/tfjs';
import { ShapeError, formatShape } from './errors';
import { matMul } from './matMul';

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
  const [inDim, outDim] = p.kernel.shape as [number, number];
  if (p.kernel.rank !== 2 || x.shape[x.rank - 1] !== inDim) {
    throw new ShapeError(
      `dense: expected x [..., ${p.kernel.shape[0]}] and kernel [in, out]; got x ${formatShape(x.shape)} and kernel ${formatShape(p.kernel.shape)}`,
    );
  }
  if (p.bias !== undefined && (p.bias.rank !== 1 || p.bias.shape[0] !== outDim)) {
    throw new ShapeError(`dense: expected bias [${outDim}]; got ${formatShape(p.bias.shape)}`);
  }
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const flat = x.reshape([-1, inDim]) as tf.Tensor2D;
    let y: tf.Tensor = matMul(flat, p.kernel as tf.Tensor2D);
    if (p.bias !== undefined) y = tf.add(y, p.bias);
    return y.reshape([...lead, outDim]);
  });
}
