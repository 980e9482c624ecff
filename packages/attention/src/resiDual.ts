import * as tf from '@tensorflow/tfjs';
import type { Activation } from './activation';
import { ShapeError, formatShape } from './errors';
import { feedForward, type FeedForwardParams } from './feedForward';
import { LAYER_NORM_EPSILON, layerNorm, type LayerNormParams } from './layerNorm';
import { residualLayerNorm } from './residualLayerNorm';
import { attendWithKeyValues, projectKeyValues, type AttentionParams, type KeyValues } from './multiHeadAttention';

/**
 * The two streams of ResiDual (Xie et al. 2023) as used by TransformerPayne: `xPost` is the post-LN stream fed
 * to each sub-layer, `xPre` accumulates the un-normalised residual sums. Both [B, Q, d].
 */
export interface ResiDualState {
  xPre: tf.Tensor;
  xPost: tf.Tensor;
}

/** Weights of one TransformerPayne block: optional LayerNorm of the kv tokens, attention, feed-forward, two LayerNorms. */
export interface ResiDualBlockParams {
  /** LayerNorm applied to the key/value tokens before projecting them (TransformerPayne: yes). */
  kvNorm?: LayerNormParams;
  attention: AttentionParams;
  attentionNorm: LayerNormParams;
  feedForward: FeedForwardParams;
  feedForwardNorm: LayerNormParams;
}

export interface ResiDualBlockOptions {
  heads: number;
  /** Feed-forward activation (TransformerPayne: 'gelu_tanh', Flax's nn.gelu). Default 'gelu' (exact). */
  activation?: Activation;
  /** LayerNorm ε, default 1e-6 (Flax). */
  epsilon?: number;
  /** Attention scale, default 1/√(head width). */
  scale?: number;
}

/** Start both streams at the input embedding x (TransformerPayne: the wavelength encoding). */
export function resiDualInit(x: tf.Tensor): ResiDualState {
  return { xPre: x, xPost: x };
}

/** Keys/values of one block: LayerNorm of the tokens (if the block has `kvNorm`) then the K/V projections. */
export function resiDualKeyValues(
  p: ResiDualBlockParams,
  tokens: tf.Tensor,
  opts: { heads: number; mask?: tf.Tensor; epsilon?: number },
): KeyValues {
  return tf.tidy(() => {
    const normed = p.kvNorm === undefined ? tokens : layerNorm(tokens, p.kvNorm, opts.epsilon ?? LAYER_NORM_EPSILON);
    return projectKeyValues(p.attention, normed, opts) as unknown as tf.TensorContainerObject;
  }) as unknown as KeyValues;
}

/**
 * One TransformerPayne block with the ResiDual placement (Różański et al. 2024, Listing 4):
 *
 *     s = x_post + MHA(x_post, kv);   x_pre += s;   x_post = LN_1(s)
 *     s = x_post + FF(x_post);        x_pre += s;   x_post = LN_2(s)
 *
 * `keyValues` come from {@link resiDualKeyValues} (once per spectrum; reuse them for every wavelength chunk).
 * Returns the new state and the attention weights [B, heads, Q, T].
 */
export function resiDualBlock(
  p: ResiDualBlockParams,
  state: ResiDualState,
  keyValues: KeyValues,
  opts: ResiDualBlockOptions,
): { state: ResiDualState; attentionWeights: tf.Tensor4D } {
  if (state.xPre.shape.join() !== state.xPost.shape.join()) {
    throw new ShapeError(
      `resiDualBlock: xPre and xPost must have the same shape; got ${formatShape(state.xPre.shape)} and ${formatShape(state.xPost.shape)}`,
    );
  }
  const eps = opts.epsilon ?? LAYER_NORM_EPSILON;
  return tf.tidy(() => {
    const { output, attentionWeights } = attendWithKeyValues(p.attention, state.xPost, keyValues, opts);
    const first = residualLayerNorm(state.xPost, output, state.xPre, p.attentionNorm, eps);
    const second = residualLayerNorm(
      first.post,
      feedForward(first.post, p.feedForward, opts),
      first.pre,
      p.feedForwardNorm,
      eps,
    );
    return { state: { xPre: second.pre, xPost: second.post }, attentionWeights };
  });
}

/**
 * Final combine of the two ResiDual streams after the last block (Listing 4): LN(x_pre) + x_post,
 * with its own LayerNorm weights (TransformerPayne's "decoder_norm").
 */
export function resiDualOutput(
  state: ResiDualState,
  norm: LayerNormParams,
  epsilon: number = LAYER_NORM_EPSILON,
): tf.Tensor {
  return tf.tidy(() => tf.add(layerNorm(state.xPre, norm, epsilon), state.xPost));
}
