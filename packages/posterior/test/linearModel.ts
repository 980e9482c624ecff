import * as tf from '@tensorflow/tfjs';
import type { PosteriorModel } from '../src/index';

/** A seeded uniform generator for test data (independent of the package's Xoshiro128). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}
export function gauss(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** y = A x + c on M pixels: the posterior of x under a Gaussian prior and Gaussian noise is Gaussian (analytic). */
export function linearModel(A: number[][], c: number[], names: string[]): PosteriorModel {
  const M = A.length;
  const L = names.length;
  const At = tf.tensor2d(
    Float32Array.from({ length: L * M }, (_, i) => A[i % M]![Math.floor(i / M)]!),
    [L, M],
  );
  const cT = tf.tensor1d(c);
  return {
    labels: names.map((name) => ({ name, min: -10, max: 10 })),
    predict: (x) => tf.tidy(() => tf.add(tf.matMul(x, At), cT) as tf.Tensor2D),
  };
}

/** Solve a small dense SPD system by Cholesky (independent of the code under test). */
export function invert(S: number[][]): number[][] {
  const n = S.length;
  const a = S.map((r) => [...r]);
  const inv = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let i = 0; i < n; i++) {
    const p = a[i]![i]!;
    for (let j = 0; j < n; j++) {
      a[i]![j]! /= p;
      inv[i]![j]! /= p;
    }
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const f = a[k]![i]!;
      for (let j = 0; j < n; j++) {
        a[k]![j]! -= f * a[i]![j]!;
        inv[k]![j]! -= f * inv[i]![j]!;
      }
    }
  }
  return inv;
}

/** Analytic posterior N(μ, Σ) of x for y = A x + c + N(0, σ²), prior N(μ0, diag(s0²)), over the labels in `free` (others fixed at `x`). */
export function analyticPosterior(
  A: number[][],
  c: number[],
  y: number[],
  sigma: number,
  mu0: number[],
  s0: number[],
  free: number[],
  xFixed: number[],
) {
  const M = A.length;
  const prec = free.map((a) =>
    free.map((b) => A.reduce((s, row) => s + row[a]! * row[b]!, 0) / sigma ** 2 + (a === b ? 1 / s0[a]! ** 2 : 0)),
  );
  const cov = invert(prec);
  const resid = Array.from(
    { length: M },
    (_, j) => y[j]! - c[j]! - A[j]!.reduce((s, v, l) => s + (free.includes(l) ? 0 : v * xFixed[l]!), 0),
  );
  const rhs = free.map((a) => A.reduce((s, row, j) => s + row[a]! * resid[j]!, 0) / sigma ** 2 + mu0[a]! / s0[a]! ** 2);
  const mean = free.map((_, i) => cov[i]!.reduce((s, v, k) => s + v * rhs[k]!, 0));
  return { mean, cov };
}
