import type * as tf from '@tensorflow/tfjs';
import type { Activation } from './activation';
import { createFeedForward } from './createFeedForward';
import { createLayerNorm } from './createLayerNorm';
import { createMultiHeadAttention } from './createMultiHeadAttention';
import type { Initializer } from './initializers';
import type { KeyValues } from './multiHeadAttention';
import { joinName, type Parameters } from './Parameters';
import { resiDualBlock, resiDualKeyValues, type ResiDualBlockParams, type ResiDualState } from './resiDual';

export interface ResiDualBlockBuildOptions {
  dim: number;
  heads: number;
  /** Feed-forward hidden width (TransformerPayne: 4·dim). */
  hiddenDim: number;
  /** Width of the kv tokens (default dim). */
  kvDim?: number;
  /** Feed-forward activation; default 'gelu' (exact). TransformerPayne (Flax nn.gelu): 'gelu_tanh'. */
  activation?: Activation;
  /** LayerNorm ε, default 1e-6. */
  epsilon?: number;
  /** LayerNorm of the kv tokens inside the block (default true, as TransformerPayne). */
  kvNorm?: boolean;
  /** Biases on dense layers (default true). */
  useBias?: boolean;
  /** Attention score scale (default 1/√(dim/heads)). */
  scale?: number;
  kernelInit?: Initializer;
}

export interface ResiDualBlockLayer {
  readonly params: ResiDualBlockParams;
  readonly heads: number;
  /** kv-norm + K/V projection of tokens [B, T, d_kv]; compute once per batch and reuse for every query chunk. */
  projectKeyValues(tokens: tf.Tensor, mask?: tf.Tensor): KeyValues;
  /** One block step (see {@link resiDualBlock}). */
  apply(state: ResiDualState, keyValues: KeyValues): { state: ResiDualState; attentionWeights: tf.Tensor4D };
}

/**
 * Create one TransformerPayne / ResiDual block under `prefix` (e.g. 'blocks/3'):
 * `kv_norm/{scale,bias}`, `attention/{query,key,value,out}/{kernel,bias}`, `attention_norm/{scale,bias}`,
 * `feed_forward/dense_{0,1}/{kernel,bias}`, `feed_forward_norm/{scale,bias}`.
 */
export function createResiDualBlock(
  params: Parameters,
  prefix: string,
  opts: ResiDualBlockBuildOptions,
): ResiDualBlockLayer {
  const { dim, heads } = opts;
  const kvDim = opts.kvDim ?? dim;
  const eps = opts.epsilon === undefined ? {} : { epsilon: opts.epsilon };
  const bias = { useBias: opts.useBias ?? true, ...(opts.kernelInit ? { kernelInit: opts.kernelInit } : {}) };
  const kvNorm =
    (opts.kvNorm ?? true) ? createLayerNorm(params, joinName(prefix, 'kv_norm'), { dim: kvDim, ...eps }) : undefined;
  const attention = createMultiHeadAttention(params, joinName(prefix, 'attention'), { dim, heads, kvDim, ...bias });
  const attentionNorm = createLayerNorm(params, joinName(prefix, 'attention_norm'), { dim, ...eps });
  const ff = createFeedForward(params, joinName(prefix, 'feed_forward'), {
    dim,
    hiddenDim: opts.hiddenDim,
    ...bias,
    ...(opts.activation ? { activation: opts.activation } : {}),
  });
  const feedForwardNorm = createLayerNorm(params, joinName(prefix, 'feed_forward_norm'), { dim, ...eps });
  const p: ResiDualBlockParams = {
    ...(kvNorm ? { kvNorm: kvNorm.params } : {}),
    attention: attention.params,
    attentionNorm: attentionNorm.params,
    feedForward: ff.params,
    feedForwardNorm: feedForwardNorm.params,
  };
  const blockOpts = {
    heads,
    ...eps,
    ...(opts.activation ? { activation: opts.activation } : {}),
    ...(opts.scale === undefined ? {} : { scale: opts.scale }),
  };
  return {
    params: p,
    heads,
    projectKeyValues: (tokens, mask) => resiDualKeyValues(p, tokens, { ...blockOpts, ...(mask ? { mask } : {}) }),
    apply: (state, keyValues) => resiDualBlock(p, state, keyValues, blockOpts),
  };
}
