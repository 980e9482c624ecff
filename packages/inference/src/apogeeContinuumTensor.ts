import * as tf from '@tensorflow/tfjs';
import type { ApogeeContinuumOperator } from '@astroemu/grid-io';

const cache = new WeakMap<ApogeeContinuumOperator, { solve: Float32Array; basis: Float32Array }[]>();

/**
 * The tensor twin of grid-io's applyApogeeContinuum: the APOGEE (Cannon) continuum of every row of `flux` [B, P]
 * under one operator (built from the OBSERVED σ by grid-io's apogeeContinuumOperator): per chip, T · (Gᵀ y), two
 * matMuls. Linear in the flux, hence differentiable. The chips must tile [0, P) in order.
 */
export function apogeeContinuumTensor(op: ApogeeContinuumOperator, flux: tf.Tensor2D): tf.Tensor2D {
  const P = flux.shape[1];
  if (P !== op.pixels)
    throw new Error(`apogeeContinuumTensor: flux has ${P} pixels; the operator was built for ${op.pixels}`);
  let at = 0;
  for (const c of op.chips) {
    if (c.start !== at)
      throw new Error(
        `apogeeContinuumTensor: chips must tile [0, ${P}) in order; chip [${c.start}, ${c.end}) starts at ${c.start}, expected ${at}`,
      );
    at = c.end;
  }
  if (at !== P) throw new Error(`apogeeContinuumTensor: chips end at pixel ${at}; expected ${P}`);
  const m = op.degree + 1;
  let f32 = cache.get(op);
  if (!f32)
    cache.set(
      op,
      (f32 = op.chips.map((c) => ({ solve: Float32Array.from(c.solve), basis: Float32Array.from(c.basis) }))),
    );
  return tf.tidy(() => {
    const parts = op.chips.map((c, i) => {
      const n = c.end - c.start;
      const y = flux.slice([0, c.start], [-1, n]);
      const coef = tf.matMul(y, tf.tensor2d(f32![i]!.solve, [n, m]));
      return tf.matMul(coef, tf.tensor2d(f32![i]!.basis, [n, m]), false, true);
    });
    return (parts.length === 1 ? parts[0]! : tf.concat(parts, 1)) as tf.Tensor2D;
  });
}

/** flux / continuum(flux) row by row: APOGEE continuum normalisation of model spectra, differentiable. */
export function apogeeNormalizeTensor(op: ApogeeContinuumOperator, flux: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => flux.div(apogeeContinuumTensor(op, flux)));
}
