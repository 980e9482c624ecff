import * as tf from '@tensorflow/tfjs';
import { Parameters, activate, resiDualInit, resiDualOutput, zeros, type ResiDualState } from '@astroemu/attention';
import {
  FORMAT_VERSION,
  ShapeError,
  DomainError,
  scaleLabels,
  validateLabelSpecs,
  type Emulator,
  type LabelSpec,
  type WavelengthDomain,
} from '@astroemu/emulator-core';
import {
  disposeFolded,
  foldAttention,
  foldConstants,
  disposeFoldConstants,
  resiDualBlockFolded,
  type FoldedAttention,
} from './foldedAttention';
import { checkLabelDomain, checkWavelengthDomain, type DomainOptions } from '@astroemu/emulator-core';
import {
  BATCHED_MAX_ROWS,
  DEFAULT_MEMORY_BUDGET_BYTES,
  LABEL_TOKEN_GROUP,
  planWavelengthChunks,
  type WavelengthChunkPlan,
} from './planWavelengthChunks';
import { QueryEncodingCache } from './queryEncodingCache';
import {
  TRANSFORMER_PAYNE_KIND,
  TRANSFORMER_PAYNE_PACKAGE_VERSION,
  type TransformerPayneArchitecture,
  type TransformerPayneConfig,
} from './transformerPayneConfig';
import { buildTransformerPayneLayers, type TransformerPayneLayers } from './transformerPayneLayers';

/** Options of {@link TransformerPayne.predict}. */
export interface PredictOptions extends DomainOptions {
  /** Tensor-memory budget of this call in bytes (default: the model's, 256 MiB unless set at creation). */
  memoryBudgetBytes?: number;
}

/** Options of {@link TransformerPayne.forward}: scaled labels, no domain checks. */
export interface ForwardOptions {
  memoryBudgetBytes?: number;
  /** Receives every block's attention weights [1, heads, Q, T] of spectrum `spectrum` for the chunk starting at wavelength `start`; it owns them. */
  onAttention?: (block: number, weights: tf.Tensor4D, start: number, spectrum: number) => void;
}

/** Runtime options of a TransformerPayne (not saved in bundles). */
export interface TransformerPayneRuntimeOptions {
  /** Seed of the weight initialisers (default 0). */
  seed?: number;
  /** Default tensor-memory budget of predict (bytes). */
  memoryBudgetBytes?: number;
}

function disposeState(s: ResiDualState): void {
  s.xPre.dispose();
  s.xPost.dispose();
}

/**
 * TransformerPayne (Różański, Ting & Jabłońska): the wavelength, encoded with sinusoids of log10 λ, is the query that
 * cross-attends to T tokens embedding the labels, through N ResiDual blocks; a small head gives the normalised flux.
 * Predicts on any wavelength grid inside the trained domain. Implements the emulator-core `Emulator` contract.
 */
export class TransformerPayne implements Emulator {
  readonly kind = TRANSFORMER_PAYNE_KIND;
  readonly labels: readonly LabelSpec[];
  readonly wavelength: WavelengthDomain;
  readonly architecture: Readonly<TransformerPayneArchitecture>;
  /** Every weight, by name (`input/kernel`, `tokens/kernel`, `blocks/<i>/…`, `head/…`); LoRA adapters go here. */
  readonly parameters: Parameters;
  /** The layers (they read their weights from {@link parameters} at apply time). */
  readonly layers: TransformerPayneLayers;
  readonly memoryBudgetBytes: number;
  private readonly training: Record<string, unknown> | undefined;
  private readonly encodings: QueryEncodingCache;

  /** Builds the model for a parsed config; with `weights`, copies them in (the caller keeps ownership of the tensors). */
  constructor(
    config: TransformerPayneConfig,
    weights?: Map<string, tf.Tensor>,
    opts: TransformerPayneRuntimeOptions = {},
  ) {
    validateLabelSpecs(config.labels, 'TransformerPayne');
    this.labels = config.labels.map((l) => ({ ...l }));
    this.wavelength = { min: config.wavelength.min, max: config.wavelength.max, medium: config.wavelength.medium };
    this.architecture = { ...config.architecture };
    this.training = config.training;
    this.memoryBudgetBytes = opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
    const a = this.architecture;
    this.parameters = new Parameters({ seed: opts.seed ?? 0 });
    this.layers = buildTransformerPayneLayers(this.parameters, a, this.labels.length, weights ? zeros() : undefined);
    if (weights)
      this.parameters.load(
        [...weights].map(([name, t]) => ({ name, shape: [...t.shape], values: t.dataSync() as Float32Array })),
      );
    this.encodings = new QueryEncodingCache({ dim: a.dim, minPeriod: a.minPeriod, maxPeriod: a.maxPeriod });
  }

  /**
   * TransformerPayne forward pass (Listing 4) on SCALED labels [B, L] (in [-0.5, 0.5] inside the domain) and a
   * wavelength grid (Å), chunked over wavelengths; no domain checks. Differentiable w.r.t. labels and weights.
   * Spectra run one at a time through plain 2-D products (see planWavelengthChunks), except small batches
   * (B·M ≤ BATCHED_MAX_ROWS rows within the memory budget), which run together in one chunk.
   */
  forward(scaledLabels: tf.Tensor2D, grid: Float64Array, opts: ForwardOptions = {}): tf.Tensor2D {
    const [B, L] = scaledLabels.shape;
    const plan = this.planChunks(B, grid.length, opts.memoryBudgetBytes);
    // Listing 4, wavelength encoding: sin(2π · log10 λ / P_i), float64 on the host, cached per grid
    const encoding = this.encodings.get(grid);
    const { dim, heads, tokens: T } = this.architecture;
    const blockOpts = { heads, epsilon: this.architecture.epsilon, scale: 1 / Math.sqrt(dim / heads) };
    const M = grid.length;
    const budget = opts.memoryBudgetBytes ?? this.memoryBudgetBytes;
    // small work per spectrum (training steps, fits on short grids): groups of G spectra with G·M ≤ BATCHED_MAX_ROWS
    // run together in one chunk each, where per-op dispatch costs more than wasm's slow batched matMul of the attention
    const G = opts.onAttention === undefined ? Math.min(B, Math.floor(BATCHED_MAX_ROWS / M)) : 0;
    const batched = G > 1 && plan.fixedBytes + G * (plan.foldedBytes + M * plan.bytesPerRow) <= budget;
    const consts = foldConstants(heads, dim / heads, T, batched ? G : 1);
    if (batched) {
      const groups: tf.Tensor2D[] = [];
      try {
        for (let g0 = 0; g0 < B; g0 += G) {
          const n = Math.min(G, B - g0);
          const groupLabels = n === B ? scaledLabels : (scaledLabels.slice([g0, 0], [n, L]) as tf.Tensor2D);
          const tokens = this.labelTokens(groupLabels);
          if (groupLabels !== scaledLabels) groupLabels.dispose();
          const folded = this.layers.blocks.map((block) => foldAttention(block.params, tokens, consts, blockOpts));
          tokens.dispose();
          try {
            groups.push(this.chunkedFlux(folded, encoding, [[0, M]], n, g0, undefined));
          } finally {
            folded.forEach(disposeFolded);
          }
        }
      } catch (e) {
        tf.dispose(groups);
        throw e;
      } finally {
        disposeFoldConstants(consts);
      }
      if (groups.length === 1) return groups[0]!;
      const flux = tf.concat(groups, 0) as tf.Tensor2D;
      groups.forEach((t) => t.dispose());
      return flux;
    }
    const spectra: tf.Tensor2D[] = [];
    try {
      // label tokens for groups of spectra (on wasm a slice copies its whole input: small groups keep that linear in B)
      for (let g0 = 0; g0 < B; g0 += LABEL_TOKEN_GROUP) {
        const G = Math.min(LABEL_TOKEN_GROUP, B - g0);
        const groupLabels = G === B ? scaledLabels : (scaledLabels.slice([g0, 0], [G, L]) as tf.Tensor2D);
        // Listing 4, label embedding: p_emb = Dense(T·d)(gelu(Dense(1024)(p))) → T tokens [G, T, d]
        const tokens = this.labelTokens(groupLabels);
        if (groupLabels !== scaledLabels) groupLabels.dispose();
        try {
          // one spectrum at a time: its chunks are plain 2-D products as large as the budget allows, whatever B
          for (let g = 0; g < G; g++) {
            const own = G === 1 ? tokens : (tokens.slice([g, 0, 0], [1, T, dim]) as tf.Tensor3D);
            // Listing 4, keys/values = Dense(LayerNorm(p_emb)) of every block: once per spectrum, reused by every chunk,
            // folded with each block's query and output projections (foldedAttention.ts: same maths, fewer FLOPs, no transposes)
            const folded = this.layers.blocks.map((block) => foldAttention(block.params, own, consts, blockOpts));
            if (own !== tokens) own.dispose();
            try {
              spectra.push(this.chunkedFlux(folded, encoding, plan.chunks, 1, g0 + g, opts.onAttention));
            } finally {
              folded.forEach(disposeFolded);
            }
          }
        } finally {
          tokens.dispose();
        }
      }
    } catch (e) {
      tf.dispose(spectra);
      throw e;
    } finally {
      disposeFoldConstants(consts);
    }
    if (spectra.length === 1) return spectra[0]!;
    const flux = tf.concat(spectra, 0) as tf.Tensor2D;
    spectra.forEach((t) => t.dispose());
    return flux;
  }

  /** Flux [B, M] of B spectra (the first is `spectrum`) from their folded attention of every block, chunk by chunk. */
  private chunkedFlux(
    folded: FoldedAttention[],
    encoding: Float32Array,
    chunks: Array<[number, number]>,
    batch: number,
    spectrum: number,
    onAttention: ForwardOptions['onAttention'],
  ): tf.Tensor2D {
    const { activation, epsilon } = this.architecture;
    const blockOpts = { activation, epsilon, keepWeights: onAttention !== undefined };
    const fluxChunks = chunks.map(([start, end]) => {
      let state = resiDualInit(this.queryTokens(encoding, start, end)); // x_pre = x_post = w_enc [1, Q, d], shared by the batch
      // Listing 4, N × (cross-attention, feed-forward) with ResiDual streams; one tf.tidy per block
      this.layers.blocks.forEach((block, i) => {
        const { state: next, attentionWeights } = resiDualBlockFolded(block.params, state, folded[i]!, blockOpts);
        if (attentionWeights) onAttention!(i, attentionWeights, start, spectrum);
        disposeState(state);
        state = next;
      });
      // Listing 4, head: LayerNorm(x_pre) + x_post → Dense(256) gelu → Dense(1)
      const flux = this.head(state);
      disposeState(state);
      return flux;
    });
    if (fluxChunks.length === 1) return fluxChunks[0]!;
    const flux = tf.concat(fluxChunks, 1) as tf.Tensor2D;
    fluxChunks.forEach((t) => t.dispose());
    return flux;
  }

  /** The T label tokens [B, T, d] (before the per-block LayerNorm) of scaled labels [B, L]. */
  labelTokens(scaledLabels: tf.Tensor2D): tf.Tensor3D {
    const { input, tokens } = this.layers;
    const { tokens: T, dim, activation } = this.architecture;
    return tf.tidy(() =>
      tokens.apply(activate(input.apply(scaledLabels), activation)).reshape([scaledLabels.shape[0], T, dim]),
    ) as tf.Tensor3D;
  }

  /**
   * Wavelengths [start, end) of the cached encoding, as queries [1, Q, d]: the same for every spectrum, so they are not
   * tiled to [B, Q, d]; the first block's folded attention and residual adds broadcast them (foldedAttention.ts).
   */
  private queryTokens(encoding: Float32Array, start: number, end: number): tf.Tensor3D {
    const d = this.architecture.dim;
    return tf.tensor3d(encoding.subarray(start * d, end * d), [1, end - start, d]);
  }

  /** LayerNorm(x_pre) + x_post → Dense(headDim) → activation → Dense(1); [B, Q, d] → [B, Q]. */
  private head(state: ResiDualState): tf.Tensor2D {
    const { headNorm, headHidden, headOutput } = this.layers;
    const [B, Q] = state.xPre.shape as [number, number, number];
    return tf.tidy(() => {
      const x = resiDualOutput(state, headNorm.params, headNorm.epsilon);
      return headOutput.apply(activate(headHidden.apply(x), this.architecture.activation)).reshape([B, Q]);
    }) as tf.Tensor2D;
  }

  /**
   * Normalised flux [B, M] for labels [B, L] in physical units (order = `labels`) on any wavelength grid (Å) inside
   * the trained domain; a Float64Array keeps float64 precision for the encoding. Outside the label or wavelength
   * domain: DomainError, or a warning with `{ extrapolate: true }`. Memory stays within `memoryBudgetBytes` by
   * chunking over wavelengths. The caller owns the result.
   */
  predict(labels: tf.Tensor2D, wavelength?: tf.Tensor1D | Float64Array, opts: PredictOptions = {}): tf.Tensor2D {
    const who = 'TransformerPayne.predict';
    const L = this.labels.length;
    if (!(labels instanceof tf.Tensor) || labels.rank !== 2 || labels.shape[1] !== L) {
      const got = labels instanceof tf.Tensor ? `[${labels.shape.join(', ')}]` : typeof labels;
      throw new ShapeError(
        `Argument 'labels' passed to '${who}' must have shape [B, ${L}] (${this.labels.map((l) => l.name).join(', ')}); got ${got}`,
      );
    }
    const grid = toWavelengthGrid(who, wavelength);
    checkWavelengthDomain(who, grid, this.wavelength, opts);
    checkLabelDomain(who, labels.dataSync(), this.labels, opts);
    const scaled = scaleLabels(labels, this.labels);
    try {
      return this.forward(
        scaled,
        grid,
        opts.memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes: opts.memoryBudgetBytes },
      );
    } finally {
      scaled.dispose();
    }
  }

  /**
   * Computes the wavelength encoding of a training grid once for the run (float64 on the host): a later forward on
   * some of its pixels (a training step's draw) copies those rows instead of recomputing sin(2π log10 λ / P_i).
   */
  prepareWavelengths(grid: Float64Array): void {
    this.encodings.pin(grid);
  }

  /** How predict splits M wavelengths for a batch of B spectra (see planWavelengthChunks). */
  planChunks(
    batch: number,
    wavelengths: number,
    memoryBudgetBytes: number = this.memoryBudgetBytes,
  ): WavelengthChunkPlan {
    return planWavelengthChunks({ batch, wavelengths, architecture: this.architecture, memoryBudgetBytes });
  }

  trainableVariables(): tf.Variable[] {
    return this.parameters.variables();
  }

  parameterCount(): number {
    return this.parameters.count();
  }

  config(): TransformerPayneConfig {
    return {
      kind: TRANSFORMER_PAYNE_KIND,
      formatVersion: FORMAT_VERSION,
      packageVersion: TRANSFORMER_PAYNE_PACKAGE_VERSION,
      labels: this.labels.map((l) => ({ ...l })),
      wavelength: { min: this.wavelength.min, max: this.wavelength.max, medium: this.wavelength.medium ?? 'unknown' },
      architecture: { ...this.architecture },
      ...(this.training ? { training: structuredClone(this.training) } : {}),
    };
  }

  /** Named weights (the variables themselves; the model keeps ownership). */
  weights(): Map<string, tf.Tensor> {
    return new Map(this.parameters.entries());
  }

  dispose(): void {
    this.parameters.dispose();
    this.encodings.clear();
  }
}

/** The wavelength argument as a float64 grid; a tf.Tensor1D is read back (its float32 values limit the precision). */
export function toWavelengthGrid(who: string, wavelength: tf.Tensor1D | Float64Array | undefined): Float64Array {
  if (wavelength === undefined) {
    throw new DomainError(
      `Argument 'wavelength' passed to '${who}' is required: TransformerPayne predicts on any grid you give it (Å, Float64Array preferred)`,
    );
  }
  if (wavelength instanceof Float64Array) return wavelength;
  if (wavelength instanceof tf.Tensor) {
    if (wavelength.rank !== 1) {
      throw new ShapeError(
        `Argument 'wavelength' passed to '${who}' must be 1-D [M]; got shape [${wavelength.shape.join(', ')}]`,
      );
    }
    return Float64Array.from(wavelength.dataSync());
  }
  throw new ShapeError(
    `Argument 'wavelength' passed to '${who}' must be a Float64Array or a tf.Tensor1D; got ${Object.prototype.toString.call(wavelength)}`,
  );
}
