import type * as tf from '@tensorflow/tfjs';
import { dense, type DenseParams } from './dense';
import { checkPositiveInt } from './errors';
import { lecunNormal, zeros, type Initializer } from './initializers';
import { joinName, type Parameters } from './Parameters';

export interface DenseOptions {
  inDim: number;
  outDim: number;
  /** Create `${prefix}/bias` (default true). */
  useBias?: boolean;
  /** Default LeCun normal (Flax's Dense default). */
  kernelInit?: Initializer;
  /** Default zeros. */
  biasInit?: Initializer;
}

export interface DenseLayer {
  readonly params: DenseParams;
  apply(x: tf.Tensor): tf.Tensor;
}

/** Create `${prefix}/kernel` [inDim, outDim] and `${prefix}/bias` [outDim] in `params`; returns the layer. */
export function createDense(params: Parameters, prefix: string, opts: DenseOptions): DenseLayer {
  checkPositiveInt('createDense', 'inDim', opts.inDim);
  checkPositiveInt('createDense', 'outDim', opts.outDim);
  const p: DenseParams = {
    kernel: params.create(joinName(prefix, 'kernel'), [opts.inDim, opts.outDim], opts.kernelInit ?? lecunNormal()),
  };
  if (opts.useBias ?? true) p.bias = params.create(joinName(prefix, 'bias'), [opts.outDim], opts.biasInit ?? zeros());
  return { params: p, apply: (x) => dense(x, p) };
}
