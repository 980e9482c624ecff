import * as tf from '@tensorflow/tfjs';
import { dense, type DenseParams } from './dense';
import { ShapeError, formatShape } from './errors';
import { attendTransposed, keyPaddingBias } from './softmaxAttention';

/**
 * Weights of multi-head attention with model width d, h heads, head width d/h:
 * query, key, value kernels [d, d] (key/value [d_kv, d] for cross-attention from width d_kv) and output [d, d],
 * each with an optional bias (the builders create biases by default, as Flax `MultiHeadDotProductAttention`).
 */
export interface AttentionParams {
  query: DenseParams;
  key: DenseParams;
  value: DenseParams;
  output: DenseParams;
}

/**
 * Keys and values projected once (e.g. once per spectrum in TransformerPayne) and reused for many query chunks.
 * kT: keys, already transposed for q·kᵀ, [B, H, Dh, T]; v: values [B, H, T, Dh];
 * maskBias: additive key padding bias [B, 1, 1, T] when a mask was given.
 */
export interface KeyValues {
  kT: tf.Tensor4D;
  v: tf.Tensor4D;
  maskBias?: tf.Tensor4D;
}

export interface AttentionResult {
  /** [B, Q, d] */
  output: tf.Tensor3D;
  /** softmax weights [B, heads, Q, T] */
  attentionWeights: tf.Tensor4D;
}

function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  const [b, n, d] = x.shape as [number, number, number];
  return x.reshape([b, n, heads, d / heads]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
}

/** Dispose the tensors of a {@link KeyValues}. */
export function disposeKeyValues(kv: KeyValues): void {
  kv.kT.dispose();
  kv.v.dispose();
  kv.maskBias?.dispose();
}

/**
 * Project key/value tokens [B, T, d_kv] into per-head keys and values (computed once, reused by
 * {@link attendWithKeyValues} for every query chunk). `mask` [B, T]: 1 = token, 0 = padding.
 */
/** Shape of a dense kernel, read inside a tidy (an adapted kernel is a new tensor on every read). */
function kernelShape(p: DenseParams): number[] {
  let shape: number[] = [];
  tf.tidy(() => {
    shape = p.kernel.shape;
  });
  return shape;
}

export function projectKeyValues(
  p: AttentionParams,
  tokens: tf.Tensor,
  opts: { heads: number; mask?: tf.Tensor },
): KeyValues {
  const inner = kernelShape(p.key)[1]!;
  if (tokens.rank !== 3) {
    throw new ShapeError(`projectKeyValues: expected tokens [B, T, d]; got ${formatShape(tokens.shape)}`);
  }
  if (!Number.isInteger(opts.heads) || opts.heads < 1 || inner % opts.heads !== 0) {
    throw new ShapeError(
      `projectKeyValues: heads must divide the projection width ${inner}; got heads = ${opts.heads}`,
    );
  }
  const [b, t] = tokens.shape as [number, number, number];
  return tf.tidy(() => {
    const k = splitHeads(dense(tokens, p.key), opts.heads);
    const v = splitHeads(dense(tokens, p.value), opts.heads);
    const kv: KeyValues = { kT: k.transpose([0, 1, 3, 2]) as tf.Tensor4D, v };
    if (opts.mask !== undefined) kv.maskBias = keyPaddingBias(opts.mask, b, t);
    return kv as unknown as tf.TensorContainerObject;
  }) as unknown as KeyValues;
}

/**
 * Multi-head attention of queries q [B, Q, d] to projected {@link KeyValues}: per head
 * softmax(q_h·k_hᵀ · scale + mask) · v_h, heads concatenated, then the output projection.
 * scale defaults to 1/√(head width).
 */
export function attendWithKeyValues(
  p: AttentionParams,
  q: tf.Tensor,
  keyValues: KeyValues,
  opts: { scale?: number } = {},
): AttentionResult {
  const [b, heads, dh] = keyValues.kT.shape;
  if (q.rank !== 3 || q.shape[0] !== b) {
    throw new ShapeError(
      `attendWithKeyValues: expected queries [${b}, Q, d] (batch of the keys); got ${formatShape(q.shape)}`,
    );
  }
  const queryShape = kernelShape(p.query);
  if (queryShape[1] !== heads * dh) {
    throw new ShapeError(
      `attendWithKeyValues: query kernel ${formatShape(queryShape)} does not project to ${heads} heads × ${dh} = ${heads * dh}`,
    );
  }
  const scale = opts.scale ?? 1 / Math.sqrt(dh);
  return tf.tidy(() => {
    const qh = splitHeads(dense(q, p.query), heads);
    const { output, attentionWeights } = attendTransposed(qh, keyValues.kT, keyValues.v, scale, keyValues.maskBias);
    const merged = output.transpose([0, 2, 1, 3]).reshape([b, q.shape[1]!, heads * dh]);
    return { output: dense(merged, p.output) as tf.Tensor3D, attentionWeights };
  });
}

/**
 * Multi-head (cross-)attention: queries q [B, Q, d] attend to tokens kv [B, T, d_kv]. Returns the output [B, Q, d]
 * and the attention weights [B, heads, Q, T]. Equivalent to projectKeyValues then attendWithKeyValues.
 */
export function multiHeadAttention(
  p: AttentionParams,
  q: tf.Tensor,
  kv: tf.Tensor,
  opts: { heads: number; mask?: tf.Tensor; scale?: number },
): AttentionResult {
  return tf.tidy(() => {
    const keyValues = projectKeyValues(p, kv, opts);
    return attendWithKeyValues(p, q, keyValues, opts) as unknown as tf.TensorContainerObject;
  }) as unknown as AttentionResult;
}
