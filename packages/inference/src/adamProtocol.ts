import * as tf from '@tensorflow/tfjs';
import { cosineSchedule } from './cosineSchedule';
import type { SpectrumModel } from './spectrumModel';

/** Options of {@link adamProtocol} (defaults: the paper's protocol). */
export interface AdamProtocolOptions {
  steps?: number;
  peakLearningRate?: number;
  warmupFraction?: number;
  /** Gradient-norm clipping, applied per row (per spectrum × start) so rows stay independent (default 10). */
  clipNorm?: number;
  /** The velocity parameter is v / rvScale (default 1 km/s). */
  rvScale?: number;
  onStep?: (step: number, total: number) => void;
}

/**
 * The paper's fitting protocol, batched over all rows (spectra × random starts) as one tensor
 * program: Adam (β = 0.9, 0.999, ε = 1e-8) on loss_r = χ²_r / n_r, gradient clipping at norm 10,
 * cosine schedule with 10 % warm-up, peak learning rate 0.1, 2 000 steps; parameters projected
 * onto [lo, hi] after each step. Returns the final θ (velocity in km/s).
 */
export function adamProtocol(
  model: SpectrumModel,
  theta0: Float64Array,
  rowSpectrum: Int32Array,
  lo: Float64Array,
  hi: Float64Array,
  options: AdamProtocolOptions = {},
): Float64Array {
  const T = options.steps ?? 2000;
  const peak = options.peakLearningRate ?? 0.1;
  const clip = options.clipNorm ?? 10;
  const rvScale = options.rvScale ?? 1;
  const P = model.P;
  const R = rowSpectrum.length;
  const scale = Float64Array.from({ length: P }, (_, i) => (i === model.rvIndex ? rvScale : 1));
  const init = Float32Array.from(theta0, (v, i) => v / scale[i % P]);
  const n = tf.tensor2d(
    Float32Array.from(rowSpectrum, (s) => Math.max(1, model.batch.used[s])),
    [R, 1],
  );
  const loT = tf.tensor1d(Float32Array.from(lo, (v, i) => v / scale[i]));
  const hiT = tf.tensor1d(Float32Array.from(hi, (v, i) => v / scale[i]));
  let p: tf.Tensor = tf.tensor2d(init, [R, P]);
  let m: tf.Tensor = tf.zerosLike(p);
  let v: tf.Tensor = tf.zerosLike(p);
  const loss = (x: tf.Tensor) =>
    model
      .chi2Tensor(x as tf.Tensor2D, rowSpectrum, rvScale)
      .reshape([R, 1])
      .div(n)
      .sum();
  for (let t = 0; t < T; t++) {
    const lr = cosineSchedule(t, T, peak, options.warmupFraction ?? 0.1);
    const next = tf.tidy(() => {
      let g = tf.grad(loss)(p);
      g = tf.where(tf.isFinite(g), g, tf.zerosLike(g));
      const norm = tf.sqrt(g.square().sum(1, true));
      g = g.mul(tf.minimum(1, tf.div(clip, norm.add(1e-12))));
      const m1 = m.mul(0.9).add(g.mul(0.1));
      const v1 = v.mul(0.999).add(g.square().mul(0.001));
      const mh = m1.div(1 - 0.9 ** (t + 1));
      const vh = v1.div(1 - 0.999 ** (t + 1));
      const p1 = tf.minimum(tf.maximum(p.sub(mh.mul(lr).div(vh.sqrt().add(1e-8))), loT), hiT);
      return [p1, m1, v1];
    });
    p.dispose();
    m.dispose();
    v.dispose();
    [p, m, v] = next;
    if ((t + 1) % 50 === 0 || t === T - 1) options.onStep?.(t + 1, T);
  }
  const out = Float64Array.from(p.dataSync(), (x, i) => x * scale[i % P]);
  for (const t of [p, m, v, n, loT, hiT]) t.dispose();
  return out;
}
