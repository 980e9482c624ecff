import * as tf from '@tensorflow/tfjs';
import { ParameterError } from './errors';
import { geluExact, geluTanh } from './gelu';

/** Activations the blocks accept: 'gelu' = exact erf GELU, 'gelu_tanh' = tanh approximation (Flax `nn.gelu`). */
export const ACTIVATIONS = ['gelu', 'gelu_tanh', 'relu', 'sigmoid', 'tanh', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Apply the named activation. */
export function activate(x: tf.Tensor, name: Activation): tf.Tensor {
  switch (name) {
    case 'gelu':
      return geluExact(x);
    case 'gelu_tanh':
      return geluTanh(x);
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'linear':
      return tf.clone(x);
    default:
      throw new ParameterError(`activate: activation must be one of ${ACTIVATIONS.join(', ')}; got '${String(name)}'`);
  }
}
