import * as tf from '@tensorflow/tfjs';

/**
 * Differentiable linear interpolation, the tfjs twin of grid-io's `interpolateLinear` (np.interp:
 * edge values repeated outside): y [Ry, N] sampled at increasing x [N] (float32), evaluated at
 * query [R, K]. Differentiable with respect to y and to the query positions (custom gradient:
 * scatterND for y — tfjs's gather gradient is O(rows × pixels × queries) on the cpu backend).
 * Keep x and query in a coordinate with float32 resolution to spare (e.g. ln λ relative to the
 * first pixel, as dopplerShiftTensor does), not raw Angstrom. When x is uniform
 * (x_i = x_0 + i·uniformStep), pass `uniformStep` to bracket arithmetically instead of by binary
 * search (otherwise each row is bracketed by a linear-time merge when its queries increase, by
 * binary search where they do not). `rowOf` maps each query row to a row of y (default: the same row), so many queries can
 * share one y row without copying it.
 */
export function interpolateTensor(
  x: tf.Tensor1D,
  y: tf.Tensor2D,
  query: tf.Tensor2D,
  uniformStep?: number,
  rowOf?: Int32Array,
): tf.Tensor2D {
  const n = x.shape[0];
  const R = query.shape[0];
  const K = query.shape[1];
  const xs = x.dataSync();
  const qd = query.dataSync();
  // Bracketing pixels on the host (piecewise constant: no gradient flows into them).
  const lo = new Int32Array(R * K);
  const t = new Float32Array(R * K);
  const slope = new Float32Array(R * K);
  for (let r = 0; r < R; r++) {
    const base = (rowOf ? rowOf[r] : r) * n;
    let prev = 0; // bracket of the previous query: sorted rows (the usual case) are a linear-time merge
    for (let k = 0; k < K; k++) {
      const q = Math.min(xs[n - 1], Math.max(xs[0], qd[r * K + k]));
      let i: number;
      if (uniformStep) i = Math.floor((q - xs[0]) / uniformStep);
      else if (q >= xs[prev]) {
        i = prev;
        while (i < n - 1 && xs[i + 1] <= q) i++;
      } else {
        let a = 0;
        let b = n - 1;
        while (b - a > 1) {
          const m = (a + b) >> 1;
          if (xs[m] <= q) a = m;
          else b = m;
        }
        i = a;
      }
      i = Math.min(n - 2, Math.max(0, i));
      if (xs[i] > q && i > 0) i--;
      if (xs[i + 1] < q && i < n - 2) i++;
      prev = i;
      const inside = qd[r * K + k] > xs[0] && qd[r * K + k] < xs[n - 1];
      lo[r * K + k] = base + i;
      t[r * K + k] = (q - xs[i]) / (xs[i + 1] - xs[i]);
      slope[r * K + k] = inside ? 1 / (xs[i + 1] - xs[i]) : 0;
    }
  }
  const flatRows = y.shape[0] * n;
  const f = tf.customGrad(((yy: tf.Tensor, qq: tf.Tensor, save: tf.GradSaveFunc) => {
    const idx0 = tf.tensor2d(lo, [R, K], 'int32');
    const idx1 = idx0.add(tf.scalar(1, 'int32'));
    const tt = tf.tensor2d(t, [R, K]);
    const flat = yy.reshape([flatRows]);
    const y0 = tf.gather(flat, idx0);
    const y1 = tf.gather(flat, idx1);
    save([idx0, idx1, tt, y1.sub(y0)]);
    void qq;
    return {
      value: y0.add(tt.mul(y1.sub(y0))),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [i0, i1, ts, dyy] = saved;
        const idx = tf.concat([i0.reshape([R * K, 1]), i1.reshape([R * K, 1])]);
        const upd = tf.concat([dy.mul(tf.sub(1, ts)).reshape([R * K]), dy.mul(ts).reshape([R * K])]);
        const gy = tf.scatterND(idx, upd, [flatRows]).reshape(yy.shape);
        const gq = dy.mul(dyy).mul(tf.tensor2d(slope, [R, K]));
        return [gy, gq];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(y, query) as tf.Tensor2D;
}
