import { ACTIVATIONS } from '@astroemu/attention';
import { FORMAT_MAJOR, FORMAT_VERSION, parseConfigWith, parseFormatVersion } from '@astroemu/emulator-core';
import { z } from 'zod';

/** The `kind` of a foundation-model bundle. */
export const FOUNDATION_KIND = 'stellar-foundation';

export const tokenSpecSchema = z.strictObject({
  name: z.string().min(1),
  unit: z.string().optional(),
  center: z.number(),
  scale: z.number().positive(),
});

const positiveInt = z.number().int().positive();

/**
 * Hyper-parameters (Leung & Bovy 2023, Sect. 3 and Fig. 2). One encoder block per entry of `encoderHidden` (its
 * feed-forward width), one decoder block per entry of `decoderHidden`, and the output head is dense layers of
 * widths `headHidden` followed by a dense layer to (mean, log-variance).
 */
export const foundationArchitectureSchema = z.strictObject({
  /** Maximum number of input tokens per star. */
  context: positiveInt.default(64),
  /** Embedding (model) width d. */
  dim: positiveInt.default(128),
  heads: positiveInt.default(16),
  encoderHidden: z.array(positiveInt).min(1).default([1024, 512]),
  decoderHidden: z.array(positiveInt).min(1).default([3096, 1548, 774]),
  headHidden: z.array(positiveInt).default([3096, 1548, 774]),
  dropout: z.number().min(0).max(0.9).default(0.1),
  /** Activation of the feed-forward blocks and of the head. */
  activation: z.enum(ACTIVATIONS).default('gelu'),
  /** f of the non-linear embedding y = f(w_type · value) + b_type. */
  embeddingActivation: z.enum(ACTIVATIONS).default('gelu'),
});

const formatVersionSchema = z
  .string()
  .default(FORMAT_VERSION)
  .refine((v) => parseFormatVersion(v) !== undefined, { message: 'must look like "MAJOR.MINOR", e.g. "1.0"' })
  .refine((v) => (parseFormatVersion(v)?.major ?? 0) <= FORMAT_MAJOR, {
    message: `is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/stellar-foundation`,
  });

/** config.json of a foundation model: strict, with a literal kind and a format version. */
export const foundationConfigSchema = z
  .strictObject({
    kind: z.literal(FOUNDATION_KIND),
    formatVersion: formatVersionSchema,
    packageVersion: z.string().optional(),
    /** The vocabulary: token id i + 1 is tokens[i]; id 0 is padding. */
    tokens: z.array(tokenSpecSchema).min(1),
    architecture: foundationArchitectureSchema,
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.tokens.forEach((t, i) => {
      if (seen.has(t.name))
        ctx.addIssue({ code: 'custom', path: ['tokens', i, 'name'], message: `duplicate token name '${t.name}'` });
      seen.add(t.name);
    });
    if (c.architecture.dim % c.architecture.heads !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['architecture', 'heads'],
        message: `must divide dim (${c.architecture.dim}); got ${c.architecture.heads}`,
      });
    }
  });

export type FoundationConfig = z.output<typeof foundationConfigSchema>;
export type FoundationConfigInput = z.input<typeof foundationConfigSchema>;
export type FoundationArchitecture = z.output<typeof foundationArchitectureSchema>;

/** Validates `json` (defaults filled, unknown keys rejected) or throws a ConfigError listing every issue. */
export function parseFoundationConfig(json: unknown): FoundationConfig {
  return parseConfigWith(foundationConfigSchema, json, FOUNDATION_KIND);
}

/**
 * `paper`: Leung & Bovy (2023): context 64, d 128, 16 heads, 2 encoder blocks (dense 1024, 512), 3 decoder blocks
 * (dense 3096, 1548, 774), head 3096 → 1548 → 774 → 2, dropout 0.1, GELU. `small`: the same architecture, narrower
 * and shallower, for tests and CPU demos.
 */
export const FOUNDATION_PRESETS = {
  paper: {
    context: 64,
    dim: 128,
    heads: 16,
    encoderHidden: [1024, 512],
    decoderHidden: [3096, 1548, 774],
    headHidden: [3096, 1548, 774],
    dropout: 0.1,
  },
  small: {
    context: 64,
    dim: 32,
    heads: 4,
    encoderHidden: [128, 64],
    decoderHidden: [128],
    headHidden: [128, 64],
    dropout: 0.05,
  },
} as const satisfies Record<string, Partial<FoundationArchitecture>>;

export type FoundationPreset = keyof typeof FOUNDATION_PRESETS;

/** A full config for `tokens` from a preset, with optional architecture overrides. */
export function foundationConfig(
  tokens: readonly z.input<typeof tokenSpecSchema>[],
  opts: {
    preset?: FoundationPreset;
    architecture?: Partial<FoundationArchitecture>;
    training?: Record<string, unknown>;
  } = {},
): FoundationConfig {
  const preset = FOUNDATION_PRESETS[opts.preset ?? 'small'];
  return parseFoundationConfig({
    kind: FOUNDATION_KIND,
    tokens: tokens.map((t) => ({ ...t })),
    architecture: {
      ...preset,
      encoderHidden: [...preset.encoderHidden],
      decoderHidden: [...preset.decoderHidden],
      headHidden: [...preset.headHidden],
      ...opts.architecture,
    },
    ...(opts.training ? { training: opts.training } : {}),
  });
}
