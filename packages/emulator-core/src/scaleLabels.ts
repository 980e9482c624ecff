import * as tf from '@tensorflow/tfjs';
import { ShapeError } from './errors';
import { type LabelSpec, validateLabelSpecs } from './labelSpec';

/**
 * Min–max scaling of physical labels to [-0.5, 0.5] (as The Payne does):
 * x_scaled = (x − min) / (max − min) − 0.5, per label. Values outside [min, max] map outside
 * [-0.5, 0.5] (no clipping). Accepts a [B, L] tensor (returns a new float32 tensor) or a row-major
 * Float32Array of B × L values (computed in float64, returned as Float32Array).
 */
export function scaleLabels(labels: tf.Tensor2D, specs: readonly LabelSpec[]): tf.Tensor2D;
export function scaleLabels(labels: Float32Array, specs: readonly LabelSpec[]): Float32Array;
export function scaleLabels(
  labels: tf.Tensor2D | Float32Array,
  specs: readonly LabelSpec[],
): tf.Tensor2D | Float32Array {
  return applyScaling('scaleLabels', labels, specs, false);
}

/** Inverse of {@link scaleLabels}: x = (x_scaled + 0.5) · (max − min) + min. */
export function unscaleLabels(scaled: tf.Tensor2D, specs: readonly LabelSpec[]): tf.Tensor2D;
export function unscaleLabels(scaled: Float32Array, specs: readonly LabelSpec[]): Float32Array;
export function unscaleLabels(
  scaled: tf.Tensor2D | Float32Array,
  specs: readonly LabelSpec[],
): tf.Tensor2D | Float32Array {
  return applyScaling('unscaleLabels', scaled, specs, true);
}

function applyScaling(
  who: string,
  x: tf.Tensor2D | Float32Array,
  specs: readonly LabelSpec[],
  inverse: boolean,
): tf.Tensor2D | Float32Array {
  validateLabelSpecs(specs, who);
  const L = specs.length;
  if (x instanceof Float32Array) {
    if (x.length % L !== 0) {
      throw new ShapeError(
        `${who}: Float32Array of length ${x.length} is not a multiple of the ${L} labels (expected B × ${L} values, row-major)`,
      );
    }
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i += L) {
      for (let j = 0; j < L; j++) {
        const { min, max } = specs[j];
        out[i + j] = inverse ? (x[i + j] + 0.5) * (max - min) + min : (x[i + j] - min) / (max - min) - 0.5;
      }
    }
    return out;
  }
  if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== L) {
    const got = x instanceof tf.Tensor ? `shape [${x.shape.join(', ')}]` : typeof x;
    throw new ShapeError(`${who}: labels must be a Float32Array or a tensor of shape [B, ${L}]; got ${got}`);
  }
  return tf.tidy(() => {
    const min = tf.tensor1d(
      specs.map((s) => s.min),
      'float32',
    );
    const range = tf.tensor1d(
      specs.map((s) => s.max - s.min),
      'float32',
    );
    const xf = x.toFloat();
    return (inverse ? xf.add(0.5).mul(range).add(min) : xf.sub(min).div(range).sub(0.5)) as tf.Tensor2D;
  });
}
