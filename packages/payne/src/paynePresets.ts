import type { PayneActivation, PayneOutputActivation } from './activation';

export interface PaynePreset {
  hidden: number[];
  activation: PayneActivation;
  outputActivation: PayneOutputActivation;
}

/**
 * Published shapes (Różański et al., TransformerPayne paper): The Payne = Listing 1, 2 × Dense(128);
 * BigPayne = Listing 2, 3 × Dense(2048); 'paper' is an alias of 'payne'; 'small' is for tests and 2-core machines.
 */
export const PAYNE_PRESETS = {
  payne: { hidden: [128, 128], activation: 'gelu', outputActivation: 'sigmoid' },
  paper: { hidden: [128, 128], activation: 'gelu', outputActivation: 'sigmoid' },
  bigPayne: { hidden: [2048, 2048, 2048], activation: 'gelu', outputActivation: 'sigmoid' },
  small: { hidden: [32, 32], activation: 'gelu', outputActivation: 'sigmoid' },
} as const satisfies Record<string, PaynePreset>;

export type PaynePresetName = keyof typeof PAYNE_PRESETS;
