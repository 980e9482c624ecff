import * as tf from '@tensorflow/tfjs';
import { activate } from '@astroemu/attention';
import { ConfigError } from '@astroemu/emulator-core';

/** Hidden-layer activations: exact GELU, tanh GELU (Flax `nn.gelu`), leaky ReLU (slope 0.01, The Payne), sigmoid. */
export const PAYNE_ACTIVATIONS = ['gelu', 'gelu_tanh', 'leaky_relu', 'sigmoid'] as const;
export type PayneActivation = (typeof PAYNE_ACTIVATIONS)[number];

/** Output activations: sigmoid (TransformerPayne paper, Listing 1) or linear (The Payne's published networks). */
export const PAYNE_OUTPUT_ACTIVATIONS = ['sigmoid', 'linear'] as const;
export type PayneOutputActivation = (typeof PAYNE_OUTPUT_ACTIVATIONS)[number];

/** Negative slope of The Payne's leaky ReLU: max(0, z) + 0.01·min(0, z). */
export const LEAKY_RELU_SLOPE = 0.01;

/** Applies a hidden or output activation by name. */
export function applyActivation(x: tf.Tensor, name: PayneActivation | PayneOutputActivation): tf.Tensor {
  switch (name) {
    case 'leaky_relu':
      return tf.leakyRelu(x, LEAKY_RELU_SLOPE);
    case 'gelu':
    case 'gelu_tanh':
    case 'sigmoid':
    case 'linear':
      return activate(x, name);
    default:
      throw new ConfigError(
        `applyActivation: activation must be one of ${[...PAYNE_ACTIVATIONS, 'linear'].join(', ')}; got '${String(name)}'`,
      );
  }
}
