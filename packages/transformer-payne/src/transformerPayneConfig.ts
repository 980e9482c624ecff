import { z } from 'zod';
import { emulatorConfigSchema, parseConfigWith } from '@astroemu/emulator-core';

/** Registry key and `config.kind` of TransformerPayne bundles. */
export const TRANSFORMER_PAYNE_KIND = 'transformer-payne';

/** Written into `config.packageVersion`. */
export const TRANSFORMER_PAYNE_PACKAGE_VERSION = '@astroemu/transformer-payne@0.1.0';

const positiveInt = z.number().int().positive();

/**
 * Architecture hyper-parameters (Różański, Ting & Jabłońska, Sect. 3.1 and Listing 4). Defaults are the paper's.
 * Unknown keys are rejected.
 */
export const transformerPayneArchitectureSchema = z
  .strictObject({
    /** Model width d: wavelength encoding, tokens, attention (paper 256). */
    dim: positiveInt.default(256),
    /** Number of ResiDual cross-attention blocks (paper 16). */
    blocks: positiveInt.default(16),
    /** Attention heads per block (paper 8); must divide dim. */
    heads: positiveInt.default(8),
    /** Number of label tokens T (paper 16). */
    tokens: positiveInt.default(16),
    /** Feed-forward hidden width inside each block (paper 4d = 1024). */
    ffDim: positiveInt.default(1024),
    /** Hidden width of the label MLP, the `input` layer (paper 1024). */
    labelHiddenDim: positiveInt.default(1024),
    /** Hidden width of the output head (paper 256). */
    headDim: positiveInt.default(256),
    /** Activation of the label MLP, the feed-forward blocks and the head; Flax's nn.gelu is the tanh form. */
    activation: z.enum(['gelu', 'gelu_tanh', 'relu', 'tanh', 'sigmoid']).default('gelu_tanh'),
    /** LayerNorm ε (Flax 1e-6). */
    epsilon: z.number().positive().default(1e-6),
    /** Shortest and longest period of the sinusoidal encoding of log10(λ/Å) (paper 1e-6 and 10). */
    minPeriod: z.number().positive().default(1e-6),
    maxPeriod: z.number().positive().default(10),
  })
  .superRefine((a, ctx) => {
    if (a.dim % a.heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['heads'], message: `must divide dim (${a.dim}); got ${a.heads}` });
    }
    if (!(a.maxPeriod >= a.minPeriod)) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxPeriod'],
        message: `must be ≥ minPeriod (${a.minPeriod}); got ${a.maxPeriod}`,
      });
    }
  });

export type TransformerPayneArchitecture = z.output<typeof transformerPayneArchitectureSchema>;

/** The full, strict config of a TransformerPayne bundle (shared emulator fields + architecture). */
export const transformerPayneConfigSchema = emulatorConfigSchema(
  TRANSFORMER_PAYNE_KIND,
  transformerPayneArchitectureSchema,
);

export type TransformerPayneConfig = z.output<typeof transformerPayneConfigSchema>;

/** Validates JSON, fills defaults, rejects unknown keys; throws emulator-core's ConfigError. */
export function parseTransformerPayneConfig(json: unknown): TransformerPayneConfig {
  return parseConfigWith(transformerPayneConfigSchema, json, TRANSFORMER_PAYNE_KIND);
}

/**
 * Named sizes, same code path: `paper` (≈ 17 M parameters), `small` (≈ 0.34 M with 3 labels; tests, CI) and `tiny`
 * (≈ 56 k with 100 labels, ≈ 8× fewer FLOPs per wavelength than `small`: the size that trains to half the
 * mean-spectrum MAE in a few hundred CPU steps, for demos and acceptance tests).
 */
export type TransformerPaynePreset = 'paper' | 'small' | 'tiny';

export const TRANSFORMER_PAYNE_PRESETS: Readonly<
  Record<TransformerPaynePreset, Readonly<Partial<TransformerPayneArchitecture>>>
> = {
  paper: { dim: 256, blocks: 16, heads: 8, tokens: 16, ffDim: 1024, labelHiddenDim: 1024, headDim: 256 },
  small: { dim: 64, blocks: 4, heads: 4, tokens: 8, ffDim: 256, labelHiddenDim: 256, headDim: 64 },
  tiny: { dim: 32, blocks: 2, heads: 2, tokens: 4, ffDim: 128, labelHiddenDim: 128, headDim: 32 },
};
