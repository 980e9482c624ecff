import type * as tf from '@tensorflow/tfjs';
import { createDense } from './createDense';
import { ParameterError, checkPositiveInt } from './errors';
import type { Initializer } from './initializers';
import {
  attendWithKeyValues,
  multiHeadAttention,
  projectKeyValues,
  type AttentionParams,
  type AttentionResult,
  type KeyValues,
} from './multiHeadAttention';
import { joinName, type Parameters } from './Parameters';

export interface MultiHeadAttentionOptions {
  /** Model width d of the queries and of the output. */
  dim: number;
  /** Number of heads h; must divide dim (head width d/h). */
  heads: number;
  /** Width of the key/value tokens (default dim). */
  kvDim?: number;
  /** Biases on the four projections (default true). */
  useBias?: boolean;
  /** Score scale, default 1/√(d/h). */
  scale?: number;
  /** Kernel initializer of all four projections (default LeCun normal). */
  kernelInit?: Initializer;
  /** Kernel initializer of the output projection only (e.g. zeros()); default kernelInit. */
  outputKernelInit?: Initializer;
}

export interface MultiHeadAttentionLayer {
  readonly params: AttentionParams;
  readonly heads: number;
  /** Project tokens [B, T, d_kv] once; `mask` [B, T] (1 = token, 0 = padding). */
  projectKeyValues(tokens: tf.Tensor, mask?: tf.Tensor): KeyValues;
  /** Attend queries [B, Q, d] to projected keys/values. */
  attendWithKeyValues(q: tf.Tensor, keyValues: KeyValues): AttentionResult;
  /** Both at once. */
  apply(q: tf.Tensor, tokens: tf.Tensor, mask?: tf.Tensor): AttentionResult;
}

/**
 * Create `${prefix}/{query,key,value,out}/{kernel,bias}` — query [d, d], key and value [d_kv, d], out [d, d],
 * biases [d] — and return the multi-head attention layer.
 */
export function createMultiHeadAttention(
  params: Parameters,
  prefix: string,
  opts: MultiHeadAttentionOptions,
): MultiHeadAttentionLayer {
  const { dim, heads } = opts;
  checkPositiveInt('createMultiHeadAttention', 'dim', dim);
  checkPositiveInt('createMultiHeadAttention', 'heads', heads);
  if (dim % heads !== 0) {
    throw new ParameterError(`createMultiHeadAttention: 'heads' must divide 'dim'; got dim = ${dim}, heads = ${heads}`);
  }
  const kvDim = opts.kvDim ?? dim;
  const common = { useBias: opts.useBias ?? true, ...(opts.kernelInit ? { kernelInit: opts.kernelInit } : {}) };
  const p: AttentionParams = {
    query: createDense(params, joinName(prefix, 'query'), { inDim: dim, outDim: dim, ...common }).params,
    key: createDense(params, joinName(prefix, 'key'), { inDim: kvDim, outDim: dim, ...common }).params,
    value: createDense(params, joinName(prefix, 'value'), { inDim: kvDim, outDim: dim, ...common }).params,
    output: createDense(params, joinName(prefix, 'out'), {
      inDim: dim,
      outDim: dim,
      ...common,
      ...(opts.outputKernelInit ? { kernelInit: opts.outputKernelInit } : {}),
    }).params,
  };
  const scaleOpt = opts.scale === undefined ? {} : { scale: opts.scale };
  return {
    params: p,
    heads,
    projectKeyValues: (tokens, mask) => projectKeyValues(p, tokens, { heads, ...(mask ? { mask } : {}) }),
    attendWithKeyValues: (q, keyValues) => attendWithKeyValues(p, q, keyValues, scaleOpt),
    apply: (q, tokens, mask) => multiHeadAttention(p, q, tokens, { heads, ...scaleOpt, ...(mask ? { mask } : {}) }),
  };
}
