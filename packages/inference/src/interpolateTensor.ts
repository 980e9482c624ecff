import * as tf from '@tensorflow/tfjs';

/**
 * Differentiable linear interpolation, the tfjs twin of grid-io's `interpolateLinear` (np.interp:
 * edge values repeated outside): y [R, N] sampled at increasing x [N] (float32), evaluated at
 * query [R, K]. Differentiable with respect to y and to the query positions. Keep x and query in a
 * coordinate with float32 resolution to spare (e.g. ln λ relative to the first pixel, as
 * dopplerShiftTensor does), not raw Angstrom.
 */
export function interpolateTensor(x: tf.Tensor1D, y: tf.Tensor2D, query: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const q = tf.clipByValue(query, x.slice(0, 1).dataSync()[0], x.slice(n - 1, 1).dataSync()[0]);
    const hi = tf.clipByValue(tf.searchSorted(x, q, 'right'), 1, n - 1);
    const lo = hi.sub(1);
    const x0 = tf.gather(x, lo);
    const x1 = tf.gather(x, hi);
    const t = q.sub(x0).div(x1.sub(x0));
    const y0 = tf.gather(y, lo, 1, 1);
    const y1 = tf.gather(y, hi, 1, 1);
    return y0.add(t.mul(y1.sub(y0))) as tf.Tensor2D;
  });
}
