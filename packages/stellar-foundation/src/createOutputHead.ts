import * as tf from '@tensorflow/tfjs';
import { activate, createDense, joinName, type Activation, type Parameters } from '@astroemu/attention';

export interface OutputHead {
  /** x [B, R, d] → mean and log-variance, each [B, R] (standardised units). */
  apply(x: tf.Tensor3D): { mean: tf.Tensor2D; logVariance: tf.Tensor2D };
}

/**
 * The dense head of Leung & Bovy (2023): `${prefix}/dense_i` of widths `hidden` with the activation, then
 * `${prefix}/output` [last, 2] giving the mean and the log-variance s_pred = ln σ_pred².
 */
export function createOutputHead(
  params: Parameters,
  prefix: string,
  opts: { dim: number; hidden: readonly number[]; activation?: Activation },
): OutputHead {
  const widths = [opts.dim, ...opts.hidden];
  const layers = opts.hidden.map((w, i) =>
    createDense(params, joinName(prefix, `dense_${i}`), { inDim: widths[i]!, outDim: w }),
  );
  const output = createDense(params, joinName(prefix, 'output'), { inDim: widths[widths.length - 1]!, outDim: 2 });
  const activation = opts.activation ?? 'gelu';
  return {
    apply: (x) =>
      tf.tidy(() => {
        let h: tf.Tensor = x;
        for (const layer of layers) h = activate(layer.apply(h), activation);
        const [mean, logVariance] = tf.unstack(output.apply(h), 2);
        return { mean: mean as tf.Tensor2D, logVariance: logVariance as tf.Tensor2D };
      }) as unknown as { mean: tf.Tensor2D; logVariance: tf.Tensor2D },
  };
}
