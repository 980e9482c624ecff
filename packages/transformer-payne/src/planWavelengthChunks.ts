import { DomainError } from '@astroemu/emulator-core';
import type { TransformerPayneArchitecture } from './transformerPayneConfig';

/** Default tensor-memory budget of one prediction: 256 MiB (≈ 4 800 query rows at paper size). */
export const DEFAULT_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * Batches of at most this many query rows (spectra × wavelengths) run all spectra together in one chunk (training
 * steps, fits on short grids); larger ones run one spectrum at a time. Measured on wasm: see ARCHITECTURE.md (Memory).
 */
export const BATCHED_MAX_ROWS = 8192;

/** Spectra whose label tokens forward computes at once (then runs them one at a time). */
export const LABEL_TOKEN_GROUP = 16;

export interface WavelengthChunkPlan {
  /** Wavelengths per chunk (the last chunk may be shorter); chunks of one spectrum at a time, whatever the batch. */
  chunkSize: number;
  /** [start, end) of every chunk. */
  chunks: Array<[number, number]>;
  /** Estimated peak bytes of one query row (one wavelength of one spectrum) inside a block. */
  bytesPerRow: number;
  /** Bytes of one spectrum's folded attention, all blocks (held while its chunks run), plus one block's fold temporaries. */
  foldedBytes: number;
  /** Bytes held for the whole prediction: label tokens and MLP (a group of spectra), output chunks and their concatenation, the fold's masks, foldedBytes. */
  fixedBytes: number;
  /** fixedBytes + chunkSize · bytesPerRow. */
  estimatedPeakBytes: number;
}

/**
 * Peak float32 values alive per query row while one ResiDual block runs under tf.tidy (inference): the two streams,
 * the attention projections and scores (heads · tokens), the LayerNorm temporaries, and the feed-forward hidden layer
 * with the ≈ 8 temporaries of the tanh GELU (tf.tidy frees them only when the op returns).
 */
export function bytesPerQueryRow(a: TransformerPayneArchitecture): number {
  return 4 * (10 * Math.max(a.ffDim, a.headDim) + 12 * a.dim + 2 * a.heads * a.tokens);
}

/**
 * Splits M wavelengths into chunks so that the tensor memory of predicting `batch` spectra stays within
 * `memoryBudgetBytes` (at least one wavelength per chunk, whatever the budget). Spectra run one at a time (their
 * folded attention, 2·d·H·T floats per block — 4 MiB at paper size — is made just before their chunks), so the chunk
 * does not shrink with the batch: only the label tokens and the output grow with B.
 */
export function planWavelengthChunks(opts: {
  batch: number;
  wavelengths: number;
  architecture: TransformerPayneArchitecture;
  memoryBudgetBytes?: number;
}): WavelengthChunkPlan {
  const { batch: B, wavelengths: M, architecture: a } = opts;
  const budget = opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
  if (!Number.isFinite(budget) || budget <= 0) {
    throw new DomainError(
      `Option 'memoryBudgetBytes' passed to 'planWavelengthChunks' must be finite and > 0; got ${budget}`,
    );
  }
  const HT = a.heads * a.tokens;
  const bytesPerRow = bytesPerQueryRow(a);
  // folded attention of every block [d, H·T] + [H·T] + [H·T, d]; while one block folds: K, V, K̂, V̂, s·W_q, products
  const foldedBytes = 4 * (a.blocks * (2 * a.dim * HT + HT) + 6 * a.dim * HT + a.dim * a.dim + 6 * a.tokens * a.dim);
  // label tokens and MLP of a group of spectra (+ its [1, 1024, T·d] kernel view, which the cpu backend's fused matMul counts as new bytes),
  // output chunks + their concatenation, the fold's masks, foldedBytes
  const labelBytes =
    4 *
    (Math.min(B, LABEL_TOKEN_GROUP) * (2 * a.tokens * a.dim + 2 * a.labelHiddenDim) +
      a.labelHiddenDim * a.tokens * a.dim);
  const fixedBytes = labelBytes + 4 * (2 * B * M + 2 * a.dim * HT) + foldedBytes;
  const rows = Math.floor((budget - fixedBytes) / bytesPerRow);
  const chunkSize = Math.max(1, Math.min(M, rows));
  const chunks: Array<[number, number]> = [];
  for (let s = 0; s < M; s += chunkSize) chunks.push([s, Math.min(M, s + chunkSize)]);
  return {
    chunkSize,
    chunks,
    bytesPerRow,
    foldedBytes,
    fixedBytes,
    estimatedPeakBytes: fixedBytes + chunkSize * bytesPerRow,
  };
}
