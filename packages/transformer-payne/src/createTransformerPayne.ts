import type { LabelSpec, WavelengthMedium } from '@astroemu/emulator-core';
import { TransformerPayne, type TransformerPayneRuntimeOptions } from './transformerPayne';
import {
  TRANSFORMER_PAYNE_KIND,
  TRANSFORMER_PAYNE_PRESETS,
  parseTransformerPayneConfig,
  type TransformerPayneArchitecture,
  type TransformerPaynePreset,
} from './transformerPayneConfig';

export interface CreateTransformerPayneOptions extends TransformerPayneRuntimeOptions {
  /** 'paper' (default; d 256, 16 blocks, 8 heads, 16 tokens, ≈ 17 M parameters), 'small' (d 64, 4 blocks, 4 heads, 8 tokens) or 'tiny' (d 32, 2 blocks, 2 heads, 4 tokens). */
  preset?: TransformerPaynePreset;
  /** The label vector: names, units and the bounds used for scaling (= the trained domain). */
  labels: readonly LabelSpec[];
  /** Trained wavelength domain in Å. */
  wavelengthRange: { min: number; max: number; medium?: WavelengthMedium };
  /** Overrides of the preset's hyper-parameters (validated like a bundle's config). */
  architecture?: Partial<TransformerPayneArchitecture>;
  /** Free-form training provenance saved in the bundle's config. */
  training?: Record<string, unknown>;
}

/**
 * A randomly initialised TransformerPayne (seeded; LeCun-normal kernels, zero biases, unit LayerNorm scales; the output layer starts near flux 1, see HEAD_OUTPUT_INIT).
 * Throws emulator-core's ConfigError for invalid labels, wavelength range or hyper-parameters.
 */
export function createTransformerPayne(opts: CreateTransformerPayneOptions): TransformerPayne {
  const preset = opts.preset ?? 'paper';
  const config = parseTransformerPayneConfig({
    kind: TRANSFORMER_PAYNE_KIND,
    labels: opts.labels,
    wavelength: { medium: 'unknown', ...opts.wavelengthRange },
    architecture: { ...TRANSFORMER_PAYNE_PRESETS[preset], ...opts.architecture },
    ...(opts.training ? { training: opts.training } : {}),
  });
  return new TransformerPayne(config, undefined, {
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes: opts.memoryBudgetBytes }),
  });
}
