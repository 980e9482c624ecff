import { DomainError } from '@astroemu/emulator-core';
import type { TransformerPayneArchitecture } from './transformerPayneConfig';

/** Default tensor-memory budget of one prediction: 256 MiB (≈ 4 900 query rows at paper size). */
export const DEFAULT_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;

export interface WavelengthChunkPlan {
  /** Wavelengths per chunk (the last chunk may be shorter). */
  chunkSize: number;
  /** [start, end) of every chunk. */
  chunks: Array<[number, number]>;
  /** Estimated peak bytes of one query row (one wavelength of one spectrum) inside a block. */
  bytesPerRow: number;
  /** Bytes held for the whole prediction: keys/values of every block, label tokens, output chunks and their concatenation. */
  fixedBytes: number;
  /** fixedBytes + batch · chunkSize · bytesPerRow. */
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
 * `memoryBudgetBytes` (at least one wavelength per chunk, whatever the budget).
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
    throw new DomainError(`Option 'memoryBudgetBytes' passed to 'planWavelengthChunks' must be finite and > 0; got ${budget}`);
  }
  const bytesPerRow = bytesPerQueryRow(a);
  const fixedBytes = 4 * (B * (2 * a.blocks * a.tokens * a.dim + a.tokens * a.dim + a.labelHiddenDim) + 2 * B * M);
  const rows = Math.floor((budget - fixedBytes) / bytesPerRow);
  const chunkSize = Math.max(1, Math.min(M, Math.floor(rows / Math.max(1, B))));
  const chunks: Array<[number, number]> = [];
  for (let s = 0; s < M; s += chunkSize) chunks.push([s, Math.min(M, s + chunkSize)]);
  return { chunkSize, chunks, bytesPerRow, fixedBytes, estimatedPeakBytes: fixedBytes + B * chunkSize * bytesPerRow };
}
