import type * as tf from '@tensorflow/tfjs';
import { checkPositiveInt } from './errors';
import { ones, zeros } from './initializers';
import { LAYER_NORM_EPSILON, layerNorm, type LayerNormParams } from './layerNorm';
import { joinName, type Parameters } from './Parameters';

export interface LayerNormOptions {
  dim: number;
  /** Default 1e-6 (Flax). */
  epsilon?: number;
  /** Learned scale `${prefix}/scale` (ones), default true. */
  useScale?: boolean;
  /** Learned offset `${prefix}/bias` (zeros), default true. */
  useBias?: boolean;
}

export interface LayerNormLayer {
  readonly params: LayerNormParams;
  readonly epsilon: number;
  apply(x: tf.Tensor): tf.Tensor;
}

/** Create `${prefix}/scale` and `${prefix}/bias` [dim] in `params`; returns the layer. */
export function createLayerNorm(params: Parameters, prefix: string, opts: LayerNormOptions): LayerNormLayer {
  checkPositiveInt('createLayerNorm', 'dim', opts.dim);
  const p: LayerNormParams = {};
  if (opts.useScale ?? true) p.scale = params.create(joinName(prefix, 'scale'), [opts.dim], ones());
  if (opts.useBias ?? true) p.bias = params.create(joinName(prefix, 'bias'), [opts.dim], zeros());
  const epsilon = opts.epsilon ?? LAYER_NORM_EPSILON;
  return { params: p, epsilon, apply: (x) => layerNorm(x, p, epsilon) };
}
