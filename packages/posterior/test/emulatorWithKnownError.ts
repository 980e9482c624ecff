import * as tf from '@tensorflow/tfjs';
import type { PosteriorModel } from '../src/index';
import { gauss, lcg } from './linearModel';

/**
 * A two-label "truth" f(x, y)_j = 1 − 0.5 σ(u_j x + v_j y + w_j) on M pixels, and an "emulator" of it,
 * g = f + δ, whose error field δ_j(x, y) = σ_e √(2/K) Σ_k sin(ω (a_jk x + b_jk y) + φ_jk) is known: across the label box
 * it behaves like independent N(0, σ_e²) noise per pixel (K = 4 random phases), while within a posterior of width
 * ≪ 1/ω it is nearly constant — the situation of a trained emulator whose residuals are comparable to the noise.
 */
export function emulatorWithKnownError(M: number, sigmaE: number, seed = 7, omega = 3, K = 4) {
  const u = lcg(seed);
  const U = Float32Array.from({ length: 2 * M }, () => gauss(u));
  const w = Float32Array.from({ length: M }, () => 0.5 * gauss(u));
  const D = Float32Array.from({ length: 2 * M * K }, () => (omega * gauss(u)) / Math.SQRT2);
  const phi = Float32Array.from({ length: M * K }, () => 2 * Math.PI * u());
  const labels = [
    { name: 'x', min: -1, max: 1 },
    { name: 'y', min: -1, max: 1 },
  ];
  const [u0, u1] = [tf.tensor1d(U.subarray(0, M)), tf.tensor1d(U.subarray(M))];
  const wT = tf.tensor1d(w);
  const [d0, d1] = [tf.tensor1d(D.subarray(0, M * K)), tf.tensor1d(D.subarray(M * K))];
  const phiT = tf.tensor1d(phi);
  // x·U written as two broadcast products (two labels): cheaper to differentiate than a small matMul on wasm
  const linear = (x: tf.Tensor2D, a: tf.Tensor1D, b: tf.Tensor1D) => {
    const [x0, x1] = tf.split(x, 2, 1);
    return tf.add(tf.mul(x0!, a), tf.mul(x1!, b));
  };
  const truth = (x: tf.Tensor2D) => tf.sub(1, tf.mul(0.5, tf.sigmoid(tf.add(linear(x, u0, u1), wT)))) as tf.Tensor2D;
  const error = (x: tf.Tensor2D) =>
    tf.mul(
      sigmaE * Math.sqrt(2 / K),
      tf.sum(tf.reshape(tf.sin(tf.add(linear(x, d0, d1), phiT)), [x.shape[0], M, K]), 2),
    ) as tf.Tensor2D;
  const emulator: PosteriorModel = { labels, predict: (x) => tf.tidy(() => tf.add(truth(x), error(x))) };
  const truthModel: PosteriorModel = { labels, predict: (x) => tf.tidy(() => truth(x)) };
  return { emulator, truthModel, dispose: () => [u0, u1, wT, d0, d1, phiT].forEach((t) => t.dispose()) };
}

/** Flux of `model` at label rows xs (host arrays). */
export function predictRows(model: PosteriorModel, xs: number[][]): Float32Array {
  return tf.tidy(() => model.predict(tf.tensor2d(xs)).dataSync() as Float32Array);
}
