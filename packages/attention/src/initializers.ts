import * as tf from '@tensorflow/tfjs';

/**
 * Makes the initial value of a parameter. `seed` is derived by {@link Parameters} from its own seed and the
 * parameter's name, so a model built twice with the same seed has the same weights whatever the creation order.
 */
export type Initializer = (shape: readonly number[], seed: number) => tf.Tensor;

/** std of a standard normal truncated to ±2 (Flax/Keras divide by it to keep the requested variance). */
const TRUNCATED_STD = 0.87962566103423978;

/** Fan-in and fan-out as in Keras/Flax: [..., in, out] kernels, leading axes are the receptive field. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

export interface VarianceScalingOptions {
  scale?: number;
  mode?: 'fanIn' | 'fanOut' | 'fanAvg';
  distribution?: 'truncatedNormal' | 'normal' | 'uniform';
}

/** Variance scaling (Keras/Flax `variance_scaling`): variance = scale / fan, fan chosen by `mode`. */
export function varianceScaling(opts: VarianceScalingOptions = {}): Initializer {
  const { scale = 1, mode = 'fanIn', distribution = 'truncatedNormal' } = opts;
  return (shape, seed) => {
    const { fanIn, fanOut } = fans(shape);
    const fan = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, fan);
    const s = [...shape];
    if (distribution === 'truncatedNormal')
      return tf.truncatedNormal(s, 0, Math.sqrt(variance) / TRUNCATED_STD, 'float32', seed);
    if (distribution === 'normal') return tf.randomNormal(s, 0, Math.sqrt(variance), 'float32', seed);
    const limit = Math.sqrt(3 * variance);
    return tf.randomUniform(s, -limit, limit, 'float32', seed);
  };
}

/** Glorot (Xavier) normal: truncated normal with variance 2 / (fanIn + fanOut). */
export function glorotNormal(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' });
}

/** LeCun normal (Flax's default Dense kernel init): truncated normal with variance 1 / fanIn. */
export function lecunNormal(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' });
}

/** Truncated normal (±2σ, re-drawn) with the given σ of the untruncated normal, as Flax `truncated_normal(stddev)`. */
export function truncatedNormal(stddev: number): Initializer {
  return (shape, seed) => tf.truncatedNormal([...shape], 0, stddev, 'float32', seed);
}

/** Normal with mean 0 and the given standard deviation. */
export function normal(stddev: number): Initializer {
  return (shape, seed) => tf.randomNormal([...shape], 0, stddev, 'float32', seed);
}

/** All zeros (biases, LayerNorm offsets, zero-initialised output projections). */
export function zeros(): Initializer {
  return (shape) => tf.zeros([...shape], 'float32');
}

/** All ones (LayerNorm scales). */
export function ones(): Initializer {
  return (shape) => tf.ones([...shape], 'float32');
}

/** Every element equal to `value`. */
export function constant(value: number): Initializer {
  return (shape) => tf.fill([...shape], value, 'float32');
}
