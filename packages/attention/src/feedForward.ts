import * as tf from '@tensorflow/tfjs';
import { activate, type Activation } from './activation';
import { dense, type DenseParams } from './dense';

/** Weights of the position-wise feed-forward block: hidden [d, d_ff] and output [d_ff, d] dense layers. */
export interface FeedForwardParams {
  hidden: DenseParams;
  output: DenseParams;
}

/** Feed-forward block: dense(act(dense(x, hidden)), output); x [..., d] → [..., d]. Default activation: exact GELU. */
export function feedForward(x: tf.Tensor, p: FeedForwardParams, opts: { activation?: Activation } = {}): tf.Tensor {
  return tf.tidy(() => dense(activate(dense(x, p.hidden), opts.activation ?? 'gelu'), p.output));
}
