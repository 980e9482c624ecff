import * as tf from '@tensorflow/tfjs';
import { ShapeError, formatShape } from './errors';
import { fusedResidualLayerNorm } from './fusedWasmKernels';
import { LAYER_NORM_EPSILON, layerNorm, type LayerNormParams } from './layerNorm';
import { useSharedWasmIdentity } from './sharedIdentity';

/**
 * One ResiDual sub-layer update (Xie et al. 2023; TransformerPayne's blocks): with the sub-layer input `xPost`, its
 * output `delta` and the un-normalised stream `xPre`,
 *
 *     s = xPost + delta;   pre = xPre + s;   post = LayerNorm(s)
 *
 * On wasm (scale and bias given, last axis a multiple of 4) this is one fused SIMD kernel forward and one backward
 * (fusedWasmKernels.ts) instead of two Adds, the LayerNorm's kernels and the gradient adds; elsewhere tf ops.
 * xPost and xPre may be broadcast over delta's leading axes (the first block's queries [1, Q, d] are shared by the
 * spectra of delta [B, Q, d]).
 */
export function residualLayerNorm(
  xPost: tf.Tensor,
  delta: tf.Tensor,
  xPre: tf.Tensor,
  p: LayerNormParams,
  epsilon: number = LAYER_NORM_EPSILON,
): { pre: tf.Tensor; post: tf.Tensor } {
  const dim = delta.shape[delta.rank - 1];
  if (xPost.shape[xPost.rank - 1] !== dim || xPre.shape[xPre.rank - 1] !== dim) {
    throw new ShapeError(
      `residualLayerNorm: expected xPost, delta and xPre with the same last axis; got ${formatShape(xPost.shape)}, ${formatShape(delta.shape)}, ${formatShape(xPre.shape)}`,
    );
  }
  if (p.scale !== undefined && p.bias !== undefined) {
    useSharedWasmIdentity();
    const fused = fusedResidualLayerNorm(xPost, delta, xPre, p.scale, p.bias, epsilon);
    if (fused !== undefined) return fused;
  }
  return residualLayerNormComposite(xPost, delta, xPre, p, epsilon);
}

/** The same update from tf ops (the reference of the fused kernel, and its form on other backends). */
export function residualLayerNormComposite(
  xPost: tf.Tensor,
  delta: tf.Tensor,
  xPre: tf.Tensor,
  p: LayerNormParams,
  epsilon: number = LAYER_NORM_EPSILON,
): { pre: tf.Tensor; post: tf.Tensor } {
  return tf.tidy(() => {
    const s = tf.add(xPost, delta);
    return { pre: tf.add(xPre, s), post: layerNorm(s, p, epsilon) };
  });
}
