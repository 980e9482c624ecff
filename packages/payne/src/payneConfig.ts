import { z } from 'zod';
import { fixedGridConfigSchema, parseConfigWith } from '@astroemu/emulator-core';
import { PAYNE_ACTIVATIONS, PAYNE_OUTPUT_ACTIVATIONS } from './activation';

/**
 * How physical labels are scaled before the first dense layer: 'centered' = (x − min)/(max − min) − 0.5
 * (The Payne, DESIGN.md), 'unit' = (x − min)/(max − min) (astro-emulators-toolkit's canonical space).
 */
export const INPUT_SCALINGS = ['centered', 'unit'] as const;
export type InputScaling = (typeof INPUT_SCALINGS)[number];

/** Hyper-parameters of a Payne MLP: labels → hidden[0] → … → hidden[n−1] → M pixels. */
export const payneArchitectureSchema = z.strictObject({
  hidden: z.array(z.number().int().positive()).min(1),
  activation: z.enum(PAYNE_ACTIVATIONS).default('gelu'),
  outputActivation: z.enum(PAYNE_OUTPUT_ACTIVATIONS).default('sigmoid'),
  inputScaling: z.enum(INPUT_SCALINGS).default('centered'),
  /** Seed of the random initialisation (weights of a loaded bundle do not depend on it). */
  seed: z.number().int().default(0),
});

/** Config of kind 'payne' (The Payne, BigPayne, imported Payne/AET networks); a fixed grid is required. */
export const payneConfigSchema = fixedGridConfigSchema('payne', payneArchitectureSchema, 'a Payne emulator');

export type PayneArchitecture = z.output<typeof payneArchitectureSchema>;
export type PayneConfig = z.output<typeof payneConfigSchema>;

/** Validates a 'payne' config (fills defaults, rejects unknown keys); throws ConfigError listing every issue. */
export function parsePayneConfig(json: unknown): PayneConfig {
  return parseConfigWith(payneConfigSchema, json, 'payne');
}
