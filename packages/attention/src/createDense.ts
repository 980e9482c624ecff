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
  const kernelName = joinName(prefix, 'kernel');
  const biasName = joinName(prefix, 'bias');
  params.create(kernelName, [opts.inDim, opts.outDim], opts.kernelInit ?? lecunNormal());
  if (opts.useBias ?? true) params.create(biasName, [opts.outDim], opts.biasInit ?? zeros());
  // Read through the store at apply time so that adapters (LoRA) set later take effect.
  const p = {} as DenseParams;
  Object.defineProperty(p, 'kernel', { enumerable: true, get: () => params.value(kernelName) });
  if (opts.useBias ?? true) Object.defineProperty(p, 'bias', { enumerable: true, get: () => params.value(biasName) });
  return { params: p, apply: (x) => dense(x, p) };
}
