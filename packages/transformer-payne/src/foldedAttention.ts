import * as tf from '@tensorflow/tfjs';
import {
  dense,
  feedForward,
  layerNorm,
  matMul,
  type Activation,
  type KeyValues,
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
  c: tf.Tensor3D;
  vw: tf.Tensor3D;
  heads: number;
  tokens: number;
}

/** mask[r, c] = 1 when row r (of `rowsPerHead`-row heads) and column c (of `colsPerHead`-column heads) share a head. */
function headMask(heads: number, rowsPerHead: number, colsPerHead: number): tf.Tensor2D {
  const rows = heads * rowsPerHead;
  const cols = heads * colsPerHead;
  const m = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const h = Math.floor(r / rowsPerHead);
    m.fill(1, r * cols + h * colsPerHead, r * cols + (h + 1) * colsPerHead);
  }
  return tf.tensor2d(m, [rows, cols]);
}

/** Fold a block's per-spectrum keys/values (kT [B, H, Dh, T], v [B, H, T, Dh]) with its query and output projections. */
export function foldAttention(p: ResiDualBlockParams, kv: KeyValues, scale: number): FoldedAttention {
  const [B, H, Dh, T] = kv.kT.shape;
  const d = H * Dh;
  const folded = tf.tidy(() => {
    const mask = headMask(H, Dh, T); // [d, H·T]
    const kHat = tf.mul(tf.tile(kv.kT.reshape([B, d, T]), [1, 1, H]), mask); // [B, d, H·T]
    const vHat = tf.mul(tf.tile(kv.v.reshape([B, H * T, Dh]), [1, 1, H]), mask.transpose()); // [B, H·T, d]
    const q = p.attention.query;
    const o = p.attention.output;
    const wq = tf.broadcastTo(tf.mul(q.kernel, scale), [B, d, d]) as tf.Tensor3D;
    const a = matMul(wq, kHat as tf.Tensor3D);
    const c = q.bias === undefined
      ? tf.zeros([B, 1, H * T])
      : matMul(tf.broadcastTo(tf.mul(q.bias, scale).reshape([1, 1, d]), [B, 1, d]) as tf.Tensor3D, kHat as tf.Tensor3D);
    const vw = matMul(vHat as tf.Tensor3D, tf.broadcastTo(o.kernel, [B, d, d]) as tf.Tensor3D);
    return { a, c, vw };
  });
  return { ...(folded as { a: tf.Tensor3D; c: tf.Tensor3D; vw: tf.Tensor3D }), heads: H, tokens: T };
}

export function disposeFolded(f: FoldedAttention): void {
  f.a.dispose();
  f.c.dispose();
  f.vw.dispose();
}

/** Folded cross-attention of queries x [B, Q, d]: the output [B, Q, d] and the attention weights [B, Q, H·T]. */
function attendFolded(p: ResiDualBlockParams, x: tf.Tensor3D, f: FoldedAttention): { output: tf.Tensor3D; weights: tf.Tensor3D } {
  const [B, Q, d] = x.shape;
  const HT = f.heads * f.tokens;
  const softmaxPerHead = (scores: tf.Tensor): tf.Tensor => tf.softmax(scores.reshape([-1, f.tokens]), -1).reshape([B, Q, HT]);
  const bOut = p.attention.output.bias;
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
  return { output: (bOut ? tf.add(out, bOut) : out) as tf.Tensor3D, weights };
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
    const { output, weights } = attendFolded(p, state.xPost as tf.Tensor3D, f);
    const s1 = tf.add(state.xPost, output);
    const xPre1 = tf.add(state.xPre, s1);
    const xPost1 = layerNorm(s1, p.attentionNorm, opts.epsilon);
    const s2 = tf.add(xPost1, feedForward(xPost1, p.feedForward, { activation: opts.activation }));
    const xPre = tf.add(xPre1, s2);
    const xPost = layerNorm(s2, p.feedForwardNorm, opts.epsilon);
    if (!opts.keepWeights) return { state: { xPre, xPost } };
    const [B, Q] = weights.shape;
    const attentionWeights = weights.reshape([B, Q, f.heads, f.tokens]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
    return { state: { xPre, xPost }, attentionWeights };
  }) as { state: ResiDualState; attentionWeights?: tf.Tensor4D };
}
