import * as tf from '@tensorflow/tfjs';

/**
 * Differentiable linear interpolation, the tfjs twin of grid-io's `interpolateLinear` (np.interp:
 * edge values repeated outside): y [R, N] sampled at increasing x [N] (float32), evaluated at
 * query [R, K]. Differentiable with respect to y and to the query positions. Keep x and query in a
 * coordinate with float32 resolution to spare (e.g. ln λ relative to the first pixel, as
 * dopplerShiftTensor does), not raw Angstrom. When x is uniform (x_i = x_0 + i·uniformStep), pass
 * `uniformStep` to find the bracketing pixels arithmetically instead of by binary search (much faster).
 * `rowOf` maps each query row to a row of y (default: row r of y for query row r), so many queries
 * can share one y row without copying it.
 */
export function interpolateTensor(x: tf.Tensor1D, y: tf.Tensor2D, query: tf.Tensor2D, uniformStep?: number, rowOf?: Int32Array): tf.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const q = tf.clipByValue(query, x.slice(0, 1).dataSync()[0], x.slice(n - 1, 1).dataSync()[0]);
    // Bracketing indices from a detached copy of q: piecewise constant, no gradient flows into them.
    const qd = tf.tensor2d(q.dataSync() as Float32Array, q.shape as [number, number]);
    const found = uniformStep
      ? tf.floor(qd.sub(x.slice(0, 1)).div(uniformStep)).add(1)
      : tf.searchSorted(tf.tile(x.expandDims(0), [qd.shape[0], 1]), qd, 'right');
    const hi = tf.cast(tf.clipByValue(found, 1, n - 1), 'int32');
    const lo = hi.sub(tf.scalar(1, 'int32'));
    const x0 = tf.gather(x, lo);
    const x1 = tf.gather(x, hi);
    const t = q.sub(x0).div(x1.sub(x0));
    // Flat 1-D gathers (row offset + pixel): tfjs's batched gather is much slower on the cpu backend.
    const R = query.shape[0];
    const rowOffset = tf.tensor2d(Int32Array.from({ length: R }, (_, r) => (rowOf ? rowOf[r] : r) * n), [R, 1], 'int32');
    const flat = y.reshape([y.shape[0] * n]);
    const y0 = tf.gather(flat, lo.add(rowOffset));
    const y1 = tf.gather(flat, hi.add(rowOffset));
    return y0.add(t.mul(y1.sub(y0))) as tf.Tensor2D;
  });
}
