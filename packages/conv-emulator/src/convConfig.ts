import { z } from 'zod';
import { fixedGridConfigSchema, parseConfigWith } from '@astroemu/emulator-core';

export const CONV_ACTIVATIONS = ['gelu', 'gelu_tanh', 'relu', 'tanh', 'sigmoid'] as const;
export type ConvActivation = (typeof CONV_ACTIVATIONS)[number];
export const CONV_OUTPUT_ACTIVATIONS = ['sigmoid', 'linear'] as const;
export type ConvOutputActivation = (typeof CONV_OUTPUT_ACTIVATIONS)[number];

/**
 * Where the internal samples sit on the output grid before linear interpolation: 'pixel' = uniformly in pixel
 * index from the first to the last pixel (= uniform in log λ on a log-uniform grid, as in the paper), or
 * 'logWavelength' = uniformly in ln λ between the first and last pixel (differs on non-uniform grids, e.g. chip gaps).
 */
export const SAMPLE_PLACEMENTS = ['pixel', 'logWavelength'] as const;
export type SamplePlacement = (typeof SAMPLE_PLACEMENTS)[number];

const int = z.number().int().positive();

/** Hyper-parameters of the convolutional emulator (Listing 3 with the paper's numbers as defaults). */
export const convArchitectureSchema = z
  .strictObject({
    /** Widths of the dense layers; the last must equal baseLength × baseChannels. */
    dense: z.array(int).min(1).default([2048, 2048, 2048]),
    baseLength: int.default(512),
    baseChannels: int.default(4),
    /** Number of stride-2 transposed convolutions (each doubles the length). */
    upsamplings: z.number().int().min(0).default(5),
    deconvFeatures: int.default(8),
    deconvKernel: int.default(4),
    /** Features of the stride-1 convolutions after the up-sampling. */
    convFeatures: z.array(int).default([32, 32]),
    convKernel: int.default(3),
    activation: z.enum(CONV_ACTIVATIONS).default('gelu'),
    outputActivation: z.enum(CONV_OUTPUT_ACTIVATIONS).default('sigmoid'),
    samplePlacement: z.enum(SAMPLE_PLACEMENTS).default('pixel'),
    seed: z.number().int().default(0),
  })
  .superRefine((a, ctx) => {
    const last = a.dense[a.dense.length - 1]!;
    if (last !== a.baseLength * a.baseChannels) {
      ctx.addIssue({
        code: 'custom',
        path: ['dense'],
        message: `the last dense width (${last}) must equal baseLength × baseChannels = ${a.baseLength} × ${a.baseChannels} = ${a.baseLength * a.baseChannels}`,
      });
    }
    if (a.baseLength * 2 ** a.upsamplings < 2)
      ctx.addIssue({ code: 'custom', path: ['upsamplings'], message: 'need at least 2 internal samples' });
  });

/** Config of kind 'conv' (the convolutional emulator); a fixed grid is required. */
export const convConfigSchema = fixedGridConfigSchema('conv', convArchitectureSchema, 'the conv emulator');

export type ConvArchitecture = z.output<typeof convArchitectureSchema>;
export type ConvConfig = z.output<typeof convConfigSchema>;

/** Validates a 'conv' config (fills defaults, rejects unknown keys); throws ConfigError listing every issue. */
export function parseConvConfig(json: unknown): ConvConfig {
  return parseConfigWith(convConfigSchema, json, 'conv');
}
