import * as tf from '@tensorflow/tfjs';
import {
  ShapeError,
  addBias,
  dense,
  feedForward,
  groupSoftmax,
  layerNorm,
  matMul,
  residualLayerNorm,
  type Activation,
  type ResiDualBlockParams,
  type ResiDualState,
} from '@astroemu/attention';

/**
 * Cross-attention of one block folded with its spectrum's keys and values (computed once per spectrum):
 *
 *     scores_h = (x·W_q + b_q)_h · K_hᵀ · s  =  x · A + c            A = s·W_q·K̂ [B, d, H·T], c = s·b_q·K̂ [B, 1, H·T]
 *     out      = concat_h(softmax(scores_h) · V_h) · W_o + b_o  =  softmax_h(scores) · VW + b_o     VW = V̂·W_o [B, H·T, d]
 *
 * with K̂ [d, H·T] and V̂ [H·T, d] the block-diagonal (per head) arrangements of the keys and values. Per query row
 * this is two plain matMuls (2·2·d·H·T FLOPs, half of the 2·2·d² of the query and output projections at the paper
 * size) and no head split/merge transposes, which are slow on wasm. Exact algebra: only float32 rounding differs.
 */
export interface FoldedAttention {
  a: tf.Tensor3D;
  /** A of the B spectra side by side, [d, B·H·T]: scores of queries SHARED by every spectrum in one plain product. */
  aSide: tf.Tensor2D;
  c: tf.Tensor3D;
  vw: tf.Tensor3D;
  heads: number;
  tokens: number;
}

/** mask[r, c] = 1 when row r (of `rowsPerHead`-row heads) and column c (of `colsPerHead`-column heads) share a head. */
function headMask(heads: number, rowsPerHead: number, colsPerHead: number): Float32Array {
  const rows = heads * rowsPerHead;
  const cols = heads * colsPerHead;
  const m = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const h = Math.floor(r / rowsPerHead);
    m.fill(1, r * cols + h * colsPerHead, r * cols + (h + 1) * colsPerHead);
  }
  return m;
}

/** [n, copies·n]: `copies` identity matrices side by side (x · it repeats x's columns: an exact tile, as a plain matMul). */
function repeatedEye(n: number, copies: number): Float32Array {
  const m = new Float32Array(n * copies * n);
  for (let r = 0; r < n; r++) for (let k = 0; k < copies; k++) m[r * copies * n + k * n + r] = 1;
  return m;
}

/**
 * Constants of the fold for H heads of width Dh and T tokens (d = H·Dh): the head masks of K̂ [d, H·T] and V̂ [H·T, d]
 * and the repeated identities that tile keys [d, T] → [d, H·T] and values [H·T, Dh] → [H·T, d]. On wasm tf.tile is
 * slow and a batched matMul (batch > 1) runs a naive loop, so the fold uses only plain 2-D matMuls (exact with 0/1
 * matrices). Made once per forward call; dispose with {@link disposeFoldConstants}.
 */
export interface FoldConstants {
  keyMask: tf.Tensor2D;
  valueMask: tf.Tensor2D;
  /**
   * The masks repeated for `batch` spectra ([batch, d, H·T], [batch, H·T, d]; only for batch > 1): on wasm a
   * broadcasting Multiply is a scalar index loop (≈ 0.19 ms for [16, 8, 32] · [8, 32], each way), a same-shape one
   * a SIMD pass.
   */
  batchedMasks?: { batch: number; key: tf.Tensor3D; value: tf.Tensor3D };
  tileTokens: tf.Tensor2D;
  tileHead: tf.Tensor2D;
}

/** Repeats a mask `batch` times (host copy). */
function repeated(m: Float32Array, batch: number): Float32Array {
  const out = new Float32Array(m.length * batch);
  for (let b = 0; b < batch; b++) out.set(m, b * m.length);
  return out;
}

export function foldConstants(heads: number, headDim: number, tokens: number, batch = 1): FoldConstants {
  const d = heads * headDim;
  const HT = heads * tokens;
  const key = headMask(heads, headDim, tokens);
  const value = headMask(heads, tokens, headDim);
  return {
    keyMask: tf.tensor2d(key, [d, HT]),
    valueMask: tf.tensor2d(value, [HT, d]),
    ...(batch > 1
      ? {
          batchedMasks: {
            batch,
            key: tf.tensor3d(repeated(key, batch), [batch, d, HT]),
            value: tf.tensor3d(repeated(value, batch), [batch, HT, d]),
          },
        }
      : {}),
    tileTokens: tf.tensor2d(repeatedEye(tokens, heads), [tokens, HT]),
    tileHead: tf.tensor2d(repeatedEye(headDim, heads), [headDim, d]),
  };
}

export function disposeFoldConstants(c: FoldConstants): void {
  tf.dispose([c.keyMask, c.valueMask, c.tileTokens, c.tileHead]);
  if (c.batchedMasks) tf.dispose([c.batchedMasks.key, c.batchedMasks.value]);
}

/**
 * Fold one block's keys and values with its query and output projections for B spectra: their label tokens [B, T, d]
 * (before the block's kv LayerNorm) → {@link FoldedAttention} ([B, d, H·T], [B, 1, H·T], [B, H·T, d]), in plain 2-D
 * matMuls only, the B spectra side by side (≈ 2·2·d²·H·T FLOPs per block and spectrum, 34 MFLOP at paper size: the
 * cost of ≈ 25 query rows over all blocks).
 */
export function foldAttention(
  p: ResiDualBlockParams,
  tokens: tf.Tensor3D,
  consts: FoldConstants,
  opts: { heads: number; epsilon: number; scale: number },
): FoldedAttention {
  const [B, T, d] = tokens.shape;
  const H = opts.heads;
  const Dh = d / H;
  const HT = H * T;
  if (!Number.isInteger(Dh) || consts.keyMask.shape[0] !== d || consts.keyMask.shape[1] !== HT) {
    throw new ShapeError(
      `foldAttention: tokens [${tokens.shape.join(', ')}] do not match ${H} heads and fold constants for [${consts.keyMask.shape.join(', ')}]`,
    );
  }
  const masks = consts.batchedMasks?.batch === B ? consts.batchedMasks : undefined;
  const keyMask = masks?.key ?? consts.keyMask;
  const valueMask = masks?.value ?? consts.valueMask;
  const folded = tf.tidy(() => {
    const normed = (p.kvNorm === undefined ? tokens : layerNorm(tokens, p.kvNorm, opts.epsilon)).reshape([B * T, d]);
    const q = p.attention.query;
    // K̂ [B, d, H·T]: kHat[b, j, (h, t)] = K[b, t, j] when j is in head h, else 0
    const k = dense(normed, p.attention.key).reshape([B, T, d]);
    const kT = (B === 1 ? tf.transpose(k.reshape([T, d])) : tf.transpose(k, [0, 2, 1])).reshape([
      B * d,
      T,
    ]) as tf.Tensor2D;
    const kHat = tf.mul(matMul(kT, consts.tileTokens).reshape([B, d, HT]), keyMask);
    // the spectra side by side, [d, B·H·T], so that W_q multiplies all of them in one plain product
    const kSide = (B === 1 ? kHat.reshape([d, HT]) : tf.transpose(kHat, [1, 0, 2]).reshape([d, B * HT])) as tf.Tensor2D;
    const aSide = matMul(tf.mul(q.kernel, opts.scale) as tf.Tensor2D, kSide); // scores = x·A + c
    const a = B === 1 ? aSide.reshape([1, d, HT]) : tf.transpose(aSide.reshape([d, B, HT]), [1, 0, 2]);
    const c =
      q.bias === undefined
        ? tf.zeros([B, 1, HT])
        : matMul(tf.mul(q.bias, opts.scale).reshape([1, d]) as tf.Tensor2D, kSide).reshape([B, 1, HT]);
    // V̂ [B, H·T, d]: vHat[b, (h, t), (h', i)] = V[b, t, (h, i)] when h = h', else 0
    const vh = dense(normed, p.attention.value)
      .reshape([B, T, H, Dh])
      .transpose([0, 2, 1, 3])
      .reshape([B * HT, Dh]) as tf.Tensor2D;
    const vHat = tf.mul(matMul(vh, consts.tileHead).reshape([B, HT, d]), valueMask).reshape([B * HT, d]) as tf.Tensor2D;
    const vw = matMul(vHat, p.attention.output.kernel as tf.Tensor2D).reshape([B, HT, d]); // [B, H·T, d]
    return { a, aSide, c, vw };
  }) as { a: tf.Tensor3D; aSide: tf.Tensor2D; c: tf.Tensor3D; vw: tf.Tensor3D };
  return { ...folded, heads: H, tokens: T };
}

export function disposeFolded(f: FoldedAttention): void {
  f.a.dispose();
  f.aSide.dispose();
  f.c.dispose();
  f.vw.dispose();
}

/** Folded cross-attention of queries x [B, Q, d]: the output [B, Q, d] and the attention weights [B, Q, H·T]. */
function attendFolded(
  p: ResiDualBlockParams,
  x: tf.Tensor3D,
  f: FoldedAttention,
): { output: tf.Tensor3D; weights: tf.Tensor3D } {
  const [B, Q, d] = x.shape;
  const HT = f.heads * f.tokens;
  // per-head softmax over the tokens: one kernel each way on wasm (groupSoftmax), no reshapes
  const softmaxPerHead = (scores: tf.Tensor): tf.Tensor =>
    groupSoftmax(scores.rank === 3 ? scores : scores.reshape([B, Q, HT]), f.tokens);
  const bOut = p.attention.output.bias;
  if (x.shape[0] === 1 && f.a.shape[0] > 1) {
    // queries shared by the B spectra (the wavelength encoding entering the first block): scores of all spectra in one
    // plain product [Q, d] · [d, B·H·T], no tile of the queries to [B, Q, d]
    const Bs = f.a.shape[0];
    const side = matMul(x.reshape([Q, d]) as tf.Tensor2D, f.aSide).reshape([Q, Bs, HT]);
    const scores = tf.add(tf.transpose(side, [1, 0, 2]), f.c);
    const weights = groupSoftmax(scores, f.tokens) as tf.Tensor3D;
    const out = matMul(weights, f.vw);
    return { output: (bOut ? addBias(out, bOut) : out) as tf.Tensor3D, weights };
  }
  if (B === 1) {
    // plain 2-D products with the bias fused (tf.fused.matMul through dense)
    // `+ 0` gives the bias rank-1 storage: wasm's _FusedMatMul reads the rank of the stored data, not of the reshape
    const scores = dense(x.reshape([Q, d]), { kernel: f.a.reshape([d, HT]), bias: tf.add(f.c.reshape([HT]), 0) });
    const weights = softmaxPerHead(scores) as tf.Tensor3D;
    const out = dense(weights.reshape([Q, HT]), { kernel: f.vw.reshape([HT, d]), ...(bOut ? { bias: bOut } : {}) });
    return { output: out.reshape([B, Q, d]) as tf.Tensor3D, weights };
  }
  const weights = softmaxPerHead(tf.add(matMul(x, f.a), f.c)) as tf.Tensor3D;
  const out = matMul(weights, f.vw);
  return { output: (bOut ? addBias(out, bOut) : out) as tf.Tensor3D, weights };
}

/**
 * One ResiDual block (Listing 4) with the folded cross-attention; the same maths as the attention package's
 * resiDualBlock. `onWeights` receives the attention weights [B, heads, Q, T] (it owns them).
 */
export function resiDualBlockFolded(
  p: ResiDualBlockParams,
  state: ResiDualState,
  f: FoldedAttention,
  opts: { activation: Activation; epsilon: number; keepWeights?: boolean },
): { state: ResiDualState; attentionWeights?: tf.Tensor4D } {
  return tf.tidy(() => {
    // state.xPost may be [1, Q, d] shared by the spectra (first block): the adds broadcast it
    const { output, weights } = attendFolded(p, state.xPost as tf.Tensor3D, f);
    // s = x_post + sub-layer(x_post); x_pre += s; x_post = LN(s): one fused kernel each on wasm (residualLayerNorm)
    const first = residualLayerNorm(state.xPost, output, state.xPre, p.attentionNorm, opts.epsilon);
    const ff = feedForward(first.post, p.feedForward, { activation: opts.activation });
    const { pre: xPre, post: xPost } = residualLayerNorm(first.post, ff, first.pre, p.feedForwardNorm, opts.epsilon);
    if (!opts.keepWeights) return { state: { xPre, xPost } };
    const [B, Q] = weights.shape;
    const attentionWeights = weights.reshape([B, Q, f.heads, f.tokens]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
    return { state: { xPre, xPost }, attentionWeights };
  }) as { state: ResiDualState; attentionWeights?: tf.Tensor4D };
}
