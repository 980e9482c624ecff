import * as tf from '@tensorflow/tfjs';
import { activate, joinName, matMul, truncatedNormal, type Activation, type Parameters } from '@astroemu/attention';

export interface NonLinearEmbeddingOptions {
  /** Number of token ids, padding (id 0) included. */
  vocabSize: number;
  dim: number;
  /** f in y = f(w_type · value) + b_type; default 'gelu'. */
  activation?: Activation;
}

export interface NonLinearEmbedding {
  /** values [B, T] (standardised), types [B, T] int32 → tokens [B, T, d]. */
  embed(values: tf.Tensor2D, types: tf.Tensor2D): tf.Tensor3D;
  /** The request tokens: unit vectors w_type / ‖w_type‖ for types [B, R] → [B, R, d]. */
  requestTokens(types: tf.Tensor2D): tf.Tensor3D;
}

/** Rows of `table` [V, d] for ids [B, T], as a one-hot product (differentiable, plain matMul on every backend). */
function lookup(table: tf.Tensor, ids: tf.Tensor2D): tf.Tensor3D {
  const [b, t] = ids.shape;
  const [v, d] = table.shape as [number, number];
  const oneHot = tf.oneHot(tf.cast(ids.reshape([-1]), 'int32') as tf.Tensor1D, v).toFloat() as tf.Tensor2D;
  return matMul(oneHot, table as tf.Tensor2D).reshape([b, t, d]) as tf.Tensor3D;
}

/**
 * The non-linear embedding of Leung & Bovy (2023, Sect. 2.2): y = f(w_type · value) + b_type with a learned vector
 * w_type and bias b_type per type (`${prefix}/weight`, `${prefix}/bias`, both [V, d]), so that the value enters
 * attention through keys and values, not as a scalar. The request token of a type is its unit vector w_type/‖w_type‖.
 */
export function createNonLinearEmbedding(
  params: Parameters,
  prefix: string,
  opts: NonLinearEmbeddingOptions,
): NonLinearEmbedding {
  const weightName = joinName(prefix, 'weight');
  const biasName = joinName(prefix, 'bias');
  params.create(weightName, [opts.vocabSize, opts.dim], truncatedNormal(1));
  params.create(biasName, [opts.vocabSize, opts.dim], truncatedNormal(1));
  const activation = opts.activation ?? 'gelu';
  return {
    embed: (values, types) =>
      tf.tidy(() => {
        const w = lookup(params.value(weightName), types);
        const b = lookup(params.value(biasName), types);
        return tf.add(activate(tf.mul(w, values.expandDims(2)), activation), b) as tf.Tensor3D;
      }),
    requestTokens: (types) =>
      tf.tidy(() => {
        const w = lookup(params.value(weightName), types);
        return tf.div(w, tf.sqrt(tf.sum(tf.square(w), -1, true))) as tf.Tensor3D;
      }),
  };
}
