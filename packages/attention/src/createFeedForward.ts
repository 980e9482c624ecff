import type * as tf from '@tensorflow/tfjs';
import type { Activation } from './activation';
import { createDense } from './createDense';
import { feedForward, type FeedForwardParams } from './feedForward';
import type { Initializer } from './initializers';
import { joinName, type Parameters } from './Parameters';

export interface FeedForwardOptions {
  dim: number;
  /** Hidden width d_ff (TransformerPayne: 4·d). */
  hiddenDim: number;
  /** Default 'gelu' (exact); TransformerPayne uses 'gelu_tanh'. */
  activation?: Activation;
  useBias?: boolean;
  kernelInit?: Initializer;
  /** Initializer of the second kernel only (e.g. zeros()). */
  outputKernelInit?: Initializer;
}

export interface FeedForwardLayer {
  readonly params: FeedForwardParams;
  apply(x: tf.Tensor): tf.Tensor;
}

/** Create `${prefix}/dense_0/{kernel,bias}` [d, d_ff] and `${prefix}/dense_1/{kernel,bias}` [d_ff, d]. */
export function createFeedForward(params: Parameters, prefix: string, opts: FeedForwardOptions): FeedForwardLayer {
  const common = { useBias: opts.useBias ?? true, ...(opts.kernelInit ? { kernelInit: opts.kernelInit } : {}) };
  const p: FeedForwardParams = {
    hidden: createDense(params, joinName(prefix, 'dense_0'), { inDim: opts.dim, outDim: opts.hiddenDim, ...common })
      .params,
    output: createDense(params, joinName(prefix, 'dense_1'), {
      inDim: opts.hiddenDim,
      outDim: opts.dim,
      ...common,
      ...(opts.outputKernelInit ? { kernelInit: opts.outputKernelInit } : {}),
    }).params,
  };
  const activation = opts.activation ?? 'gelu';
  return { params: p, apply: (x) => feedForward(x, p, { activation }) };
}
