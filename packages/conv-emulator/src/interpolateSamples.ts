import * as tf from '@tensorflow/tfjs';

/** Pixel m reads internal samples lower[m] and upper[m] = lower[m] + 1 with weight[m] ∈ [0, 1] on the upper one. */
export interface InterpolationTensors {
  lower: tf.Tensor1D;
  upper: tf.Tensor1D;
  weight: tf.Tensor1D;
}

/**
 * Linear interpolation of samples [B, N] onto M pixels: flux[b, m] = (1 − w[m]) · s[b, lower[m]] + w[m] · s[b, upper[m]].
 *
 * The gradient is the adjoint scatter-add written with tf.scatterND (duplicates summed): tf.gather's own gradient
 * needs the UnsortedSegmentSum kernel, which the wasm backend (4.22) does not register.
 */
export function interpolateSamples(samples: tf.Tensor2D, at: InterpolationTensors): tf.Tensor2D {
  const N = samples.shape[1];
  const forward = tf.customGrad(((s: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([]);
    const lo = tf.gather(s, at.lower, 1);
    const hi = tf.gather(s, at.upper, 1);
    return {
      value: lo.add(hi.sub(lo).mul(at.weight)),
      gradFunc: (dy: tf.Tensor2D) => {
        const B = dy.shape[0];
        const dyT = dy.transpose() as tf.Tensor2D; //                                    [M, B]
        const w = at.weight.expandDims(1);
        const toLower = tf.scatterND(at.lower.expandDims(1), dyT.mul(tf.sub(1, w)), [N, B]);
        const toUpper = tf.scatterND(at.upper.expandDims(1), dyT.mul(w), [N, B]);
        return toLower.add(toUpper).transpose();
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return forward(samples) as tf.Tensor2D;
}
