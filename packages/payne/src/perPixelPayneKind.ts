import { registerEmulatorKind, type EmulatorKind } from '@astroemu/emulator-core';
import { parsePerPixelPayneConfig, perPixelPayneWeightShapes, type PerPixelPayneConfig } from './perPixelPayneConfig';
import { PerPixelPayneEmulator } from './PerPixelPayneEmulator';

/** The registry entry of kind 'payne-per-pixel' (registered when this package is imported). */
export const perPixelPayneKind: EmulatorKind<PerPixelPayneConfig> = {
  kind: 'payne-per-pixel',
  parseConfig: parsePerPixelPayneConfig,
  weightShapes: perPixelPayneWeightShapes,
  build: (config, weights) => new PerPixelPayneEmulator(config, weights),
};

registerEmulatorKind(perPixelPayneKind);
