import * as tf from '@tensorflow/tfjs';
import {
  createFeedForward,
  createLayerNorm,
  createMultiHeadAttention,
  joinName,
  type Activation,
  type Parameters,
} from '@astroemu/attention';

export interface PostNormBlockOptions {
  dim: number;
  heads: number;
  /** Feed-forward hidden width. */
  hiddenDim: number;
  activation?: Activation;
  dropout?: number;
}

export interface ForwardMode {
  /** Dropout on (training) or off (inference, default). */
  training?: boolean;
  /** Seed of this call's dropout masks. */
  seed?: number;
}

export interface PostNormBlock {
  /**
   * queries [B, Q, d] attend to tokens [B, T, d] (the queries themselves for self-attention); mask [B, T]
   * (1 = token, 0 = padding). Returns [B, Q, d].
   */
  apply(queries: tf.Tensor3D, tokens: tf.Tensor3D, mask: tf.Tensor2D, mode?: ForwardMode): tf.Tensor3D;
}

/**
 * A transformer block with "Add & Norm" after each sub-layer (Vaswani et al. 2017; Leung & Bovy 2023, Fig. 2):
 *   x = LN(x + Dropout(MHA(x, tokens)));   x = LN(x + Dropout(FF(x)))
 * Parameters: `${prefix}/attention`, `${prefix}/attention_norm`, `${prefix}/feed_forward`, `${prefix}/feed_forward_norm`.
 */
export function createPostNormBlock(params: Parameters, prefix: string, opts: PostNormBlockOptions): PostNormBlock {
  const attention = createMultiHeadAttention(params, joinName(prefix, 'attention'), {
    dim: opts.dim,
    heads: opts.heads,
  });
  const attentionNorm = createLayerNorm(params, joinName(prefix, 'attention_norm'), { dim: opts.dim });
  const feedForward = createFeedForward(params, joinName(prefix, 'feed_forward'), {
    dim: opts.dim,
    hiddenDim: opts.hiddenDim,
    activation: opts.activation ?? 'gelu',
  });
  const feedForwardNorm = createLayerNorm(params, joinName(prefix, 'feed_forward_norm'), { dim: opts.dim });
  const rate = opts.dropout ?? 0;
  const drop = (x: tf.Tensor, mode: ForwardMode, salt: number): tf.Tensor =>
    mode.training && rate > 0 ? tf.dropout(x, rate, undefined, (mode.seed ?? 0) * 2 + salt) : x;
  return {
    apply: (queries, tokens, mask, mode = {}) =>
      tf.tidy(() => {
        const attended = attention.apply(queries, tokens, mask).output;
        const x = attentionNorm.apply(tf.add(queries, drop(attended, mode, 0)));
        return feedForwardNorm.apply(tf.add(x, drop(feedForward.apply(x), mode, 1))) as tf.Tensor3D;
      }),
  };
}
