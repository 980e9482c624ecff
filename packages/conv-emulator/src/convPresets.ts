import type { ConvArchitecture } from './convConfig';

export type ConvPresetArchitecture = Omit<
  ConvArchitecture,
  'activation' | 'outputActivation' | 'samplePlacement' | 'seed'
>;

/**
 * 'paper': Listing 3 of Różański et al. (3 × Dense(2048) → 512 × 4 → 5 × ConvTranspose(8, k4, s2) → 16 384 samples →
 * Conv(32, k3) × 2 → Conv(1, k1)); 'small': same structure, 2 × Dense(256) → 64 × 4 → 5 up-samplings → 2 048 samples,
 * Conv(16, k3) × 2 — for tests and 2-core machines.
 */
export const CONV_PRESETS = {
  paper: {
    dense: [2048, 2048, 2048],
    baseLength: 512,
    baseChannels: 4,
    upsamplings: 5,
    deconvFeatures: 8,
    deconvKernel: 4,
    convFeatures: [32, 32],
    convKernel: 3,
  },
  small: {
    dense: [256, 256],
    baseLength: 64,
    baseChannels: 4,
    upsamplings: 5,
    deconvFeatures: 8,
    deconvKernel: 4,
    convFeatures: [16, 16],
    convKernel: 3,
  },
} as const satisfies Record<string, ConvPresetArchitecture>;

export type ConvPresetName = keyof typeof CONV_PRESETS;
