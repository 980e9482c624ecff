import * as tf from '@tensorflow/tfjs';
import type { SpectrumModel } from './spectrumModel';

/**
 * Radial-velocity first guess for every spectrum of the batch, by cross-correlation with one
 * template per spectrum (`rest` [S, N]: the emulator's rest flux, read back to the host): the weighted Pearson correlation of the
 * observed flux with the template shifted to each trial velocity in [vmin, vmax] (step: the
 * smallest observed pixel velocity), refined by a parabola through the peak. Batched over spectra
 * and trials (chunked to ~4 M values). `atEdge` marks a peak on the first or last trial.
 */
export function crossCorrelationRv(model: SpectrumModel, rest: Float32Array, vmin: number, vmax: number): { v: Float64Array; atEdge: boolean[] } {
  const batch = model.batch;
  const S = batch.index.length;
  const K = batch.K;
  const step = Math.max(Math.min(...batch.pixelVelocity), 0.05);
  const T = Math.max(3, Math.ceil((vmax - vmin) / step) + 1);
  const trials = Float64Array.from({ length: T }, (_, t) => vmin + ((vmax - vmin) * t) / (T - 1));
  const v = new Float64Array(S);
  const atEdge: boolean[] = [];
  const chunk = Math.max(1, Math.floor(4e6 / (T * K)));
  for (let s0 = 0; s0 < S; s0 += chunk) {
    const s1 = Math.min(S, s0 + chunk);
    const rows = Int32Array.from({ length: (s1 - s0) * T }, (_, i) => s0 + Math.floor(i / T));
    const score = tf.tidy(() => {
      const m = tf.tensor2d(model.shiftHost(rest, rows, rows, Float64Array.from(rows, (_, i) => trials[i % T])), [rows.length, K]);
      const { y, w } = model.data(rows);
      const ind = tf.cast(tf.greater(w, 0), 'float32');
      const n = ind.sum(1, true);
      const yc = y.sub(y.mul(ind).sum(1, true).div(n)).mul(ind);
      const mc = m.sub(m.mul(ind).sum(1, true).div(n)).mul(ind);
      return yc.mul(mc).sum(1).div(tf.sqrt(mc.square().sum(1).mul(yc.square().sum(1))).add(1e-30));
    });
    const sc = score.dataSync();
    score.dispose();
    for (let s = s0; s < s1; s++) {
      const o = (s - s0) * T;
      let best = 0;
      for (let t = 1; t < T; t++) if (sc[o + t] > sc[o + best]) best = t;
      let vb = trials[best];
      if (best > 0 && best < T - 1) {
        const [a, b, c] = [sc[o + best - 1], sc[o + best], sc[o + best + 1]];
        const den = a - 2 * b + c;
        if (den < 0) vb += (0.5 * (a - c) / den) * (trials[1] - trials[0]);
      }
      v[s] = vb;
      atEdge[s] = best === 0 || best === T - 1;
    }
  }
  return { v, atEdge };
}
