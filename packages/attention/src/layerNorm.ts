import * as tf from '@tensorflow/tfjs';
import { ShapeError, formatShape } from './errors';
import { fusedLayerNorm } from './fusedWasmKernels';
import { sumRows } from './matMul';
import { useSharedWasmIdentity } from './sharedIdentity';

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
  for (const [field, t] of [
    ['scale', p.scale],
    ['bias', p.bias],
  ] as const) {
    if (t !== undefined && (t.rank !== 1 || t.shape[0] !== dim)) {
      throw new ShapeError(
        `layerNorm: expected ${field} [${dim}] for x ${formatShape(x.shape)}; got ${formatShape(t.shape)}`,
      );
    }
  }
  useSharedWasmIdentity();
  if (p.scale !== undefined && p.bias !== undefined) {
    return fusedLayerNorm(x, p.scale, p.bias, epsilon) ?? layerNormFused(x, p.scale, p.bias, epsilon);
  }
  return layerNormComposite(x, p, epsilon);
}

/** LayerNorm from plain tf ops, differentiated by tf's autodiff (the reference of the fused form). */
export function layerNormComposite(
  x: tf.Tensor,
  p: LayerNormParams = {},
  epsilon: number = LAYER_NORM_EPSILON,
): tf.Tensor {
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

const fusedByEpsilon = new Map<number, (x: tf.Tensor, scale: tf.Tensor, bias: tf.Tensor) => tf.Tensor>();

/**
 * LayerNorm with scale and bias as one custom-gradient op (backends other than wasm, where fusedWasmKernels.ts runs it
 * as one SIMD kernel each way): the forward keeps x̂ and 1/σ, and the backward is the
 * closed form (N = last-axis size, g = dy·γ):
 *   dx = (1/σ) · (g − mean(g) − x̂ · mean(g·x̂)),   dγ = Σ dy·x̂,   dβ = Σ dy   (sums over every leading axis)
 * ≈ 10 kernels for the backward instead of the ≈ 25 of tf's autodiff through the composite ops.
 */
function layerNormFused(x: tf.Tensor, scale: tf.Tensor, bias: tf.Tensor, epsilon: number): tf.Tensor {
  let op = fusedByEpsilon.get(epsilon);
  if (op === undefined) {
    op = tf.customGrad(((xi: tf.Tensor, s: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
      const axis = xi.rank - 1;
      const centred = tf.sub(xi, tf.mean(xi, axis, true));
      const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), axis, true), epsilon));
      const xhat = tf.mul(centred, rstd);
      save([xhat, rstd, s]);
      return {
        value: tf.add(tf.mul(xhat, s), b),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sr, ss] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
          const g = tf.mul(dy, ss);
          const meanG = tf.mean(g, -1, true);
          const meanGx = tf.mean(tf.mul(g, sx), -1, true);
          const dx = tf.mul(sr, tf.sub(tf.sub(g, meanG), tf.mul(sx, meanGx)));
          const dScale = sumRows(tf.mul(dy, sx));
          const dBias = sumRows(dy);
          return [dx, dScale, dBias];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
      x: tf.Tensor,
      scale: tf.Tensor,
      bias: tf.Tensor,
    ) => tf.Tensor;
    fusedByEpsilon.set(epsilon, op);
  }
  return op(x, scale, bias);
}
