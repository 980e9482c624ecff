import { registerEmulatorKind, type EmulatorKind } from '@astroemu/emulator-core';
import { parsePayneConfig, type PayneConfig } from './payneConfig';
import { PayneEmulator } from './PayneEmulator';
import { payneWeightShapes } from './payneWeightShapes';

/** The registry entry of kind 'payne' (registered when this package is imported). */
export const payneKind: EmulatorKind<PayneConfig> = {
  kind: 'payne',
  parseConfig: parsePayneConfig,
  weightShapes: payneWeightShapes,
  build: (config, weights) => new PayneEmulator(config, weights),
};

registerEmulatorKind(payneKind);
