import * as tf from '@tensorflow/tfjs';
import { ShapeError, formatShape } from './errors';

/** Learned scale γ and offset β of a LayerNorm, each [dim]; either may be absent. */
export interface LayerNormParams {
  scale?: tf.Tensor;
  bias?: tf.Tensor;
}

/** LayerNorm ε of JAX/Flax (`nn.LayerNorm`), the default here. tf.layers.layerNormalization uses 1e-3. */
export const LAYER_NORM_EPSILON = 1e-6;

/**
 * LayerNorm over the last axis: y = (x − mean) / sqrt(var + ε) · γ + β, var the biased variance
 * (mean of squared deviations), ε = 1e-6 by default (as Flax).
 */
export function layerNorm(x: tf.Tensor, p: LayerNormParams = {}, epsilon: number = LAYER_NORM_EPSILON): tf.Tensor {
  const dim = x.shape[x.rank - 1];
  for (const [field, t] of [['scale', p.scale], ['bias', p.bias]] as const) {
    if (t !== undefined && (t.rank !== 1 || t.shape[0] !== dim)) {
      throw new ShapeError(`layerNorm: expected ${field} [${dim}] for x ${formatShape(x.shape)}; got ${formatShape(t.shape)}`);
    }
  }
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const mean = tf.mean(x, axis, true);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), axis, true);
    let y = tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon)));
    if (p.scale !== undefined) y = tf.mul(y, p.scale);
    if (p.bias !== undefined) y = tf.add(y, p.bias);
    return y;
  });
}
