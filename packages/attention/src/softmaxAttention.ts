import * as tf from '@tensorflow/tfjs';
import { ShapeError, formatShape } from './errors';
import { matMul, transposeLast2 } from './matMul';

/** Added to the scores of padded keys before the softmax (exp underflows to exactly 0 in float32). */
export const MASK_VALUE = -1e9;

/**
 * Additive bias [B, 1, 1, T] from a key padding mask [B, T] (1 = real key, 0 = padding): 0 for kept keys,
 * {@link MASK_VALUE} for padded ones. A query whose keys are all padded gets uniform weights.
 */
export function keyPaddingBias(mask: tf.Tensor, batch: number, keys: number): tf.Tensor4D {
  if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== keys) {
    throw new ShapeError(
      `keyPaddingBias: expected mask [${batch}, ${keys}] (batch, keys); got ${formatShape(mask.shape)}`,
    );
  }
  return tf.tidy(
    () => tf.mul(tf.sub(1, tf.cast(mask, 'float32')), MASK_VALUE).reshape([batch, 1, 1, keys]) as tf.Tensor4D,
  );
}

/**
 * Core of scaled dot-product attention with keys already transposed: q [B, H, Q, Dh], kT [B, H, Dh, T],
 * v [B, H, T, Dh], optional additive bias broadcastable to [B, H, Q, T]. Returns the context [B, H, Q, Dh] and the
 * attention weights softmax(scale · q·kᵀ + bias) [B, H, Q, T].
 */
export function attendTransposed(
  q: tf.Tensor4D,
  kT: tf.Tensor4D,
  v: tf.Tensor4D,
  scale: number,
  bias?: tf.Tensor,
): { output: tf.Tensor4D; attentionWeights: tf.Tensor4D } {
  return tf.tidy(() => {
    let scores: tf.Tensor = matMul(tf.mul(q, scale) as tf.Tensor4D, kT);
    if (bias !== undefined) scores = tf.add(scores, bias);
    const attentionWeights = tf.softmax(scores, -1) as tf.Tensor4D;
    return { output: matMul(attentionWeights, v), attentionWeights };
  });
}

/**
 * Softmax (scaled dot-product) attention: q [B, H, Q, Dh], k [B, H, T, Dh], v [B, H, T, Dh] →
 * { output [B, H, Q, Dh], attentionWeights [B, H, Q, T] }, weights = softmax(q·kᵀ · scale + mask bias) with
 * scale = 1/√Dh by default and an optional key padding mask [B, T] (1 = key, 0 = padding).
 */
export function softmaxAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  opts: { mask?: tf.Tensor; scale?: number } = {},
): { output: tf.Tensor4D; attentionWeights: tf.Tensor4D } {
  const [b, h, , dh] = q.shape;
  if (
    q.rank !== 4 ||
    k.rank !== 4 ||
    v.rank !== 4 ||
    k.shape.join() !== v.shape.join() ||
    k.shape[0] !== b ||
    k.shape[1] !== h ||
    k.shape[3] !== dh
  ) {
    throw new ShapeError(
      `softmaxAttention: expected q [B, H, Q, Dh], k and v [B, H, T, Dh]; got q ${formatShape(q.shape)}, k ${formatShape(k.shape)}, v ${formatShape(v.shape)}`,
    );
  }
  const scale = opts.scale ?? 1 / Math.sqrt(dh);
  return tf.tidy(() => {
    const bias = opts.mask === undefined ? undefined : keyPaddingBias(opts.mask, b, k.shape[2]);
    return attendTransposed(q, transposeLast2(k) as tf.Tensor4D, v, scale, bias);
  });
}
