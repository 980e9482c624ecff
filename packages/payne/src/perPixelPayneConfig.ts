import { z } from 'zod';
import { emulatorConfigSchema, parseConfigWith } from '@astroemu/emulator-core';

/**
 * Hyper-parameters of a per-pixel Payne (Ting et al. 2019 / El-Badry, Ting et al. 2018): every pixel p has its own
 * tiny network labels → `hidden` sigmoid units → flux. Labels are scaled (x − min)/(max − min) − 0.5.
 */
export const perPixelPayneArchitectureSchema = z.strictObject({
  hidden: z.number().int().positive(),
  activation: z.literal('sigmoid').default('sigmoid'),
});

/** Config of kind 'payne-per-pixel'; a fixed wavelength grid is required (one network per pixel). */
export const perPixelPayneConfigSchema = emulatorConfigSchema(
  'payne-per-pixel',
  perPixelPayneArchitectureSchema,
).superRefine((c, ctx) => {
  if (c.wavelength.fixed === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['wavelength', 'fixed'],
      message: 'a per-pixel Payne needs a fixed wavelength grid',
    });
  }
});

export type PerPixelPayneArchitecture = z.output<typeof perPixelPayneArchitectureSchema>;
export type PerPixelPayneConfig = z.output<typeof perPixelPayneConfigSchema>;

/** Validates a 'payne-per-pixel' config; throws ConfigError listing every issue. */
export function parsePerPixelPayneConfig(json: unknown): PerPixelPayneConfig {
  return parseConfigWith(perPixelPayneConfigSchema, json, 'payne-per-pixel');
}

/**
 * Weights, in the published layout: `w0` (P, H, L), `b0` (P, H), `w1` (P, H), `b1` (P)
 * (the .npz's w_array_0, b_array_0, w_array_1, b_array_1).
 */
export function perPixelPayneWeightShapes(
  config: Pick<PerPixelPayneConfig, 'labels' | 'wavelength' | 'architecture'>,
): Record<string, number[]> {
  const P = config.wavelength.fixed?.length ?? 0;
  const H = config.architecture.hidden;
  const L = config.labels.length;
  return { w0: [P, H, L], b0: [P, H], w1: [P, H], b1: [P] };
}
