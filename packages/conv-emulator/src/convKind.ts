import { registerEmulatorKind, type EmulatorKind } from '@astroemu/emulator-core';
import { parseConvConfig, type ConvConfig } from './convConfig';
import { ConvEmulator } from './ConvEmulator';
import { convWeightShapes } from './convWeightShapes';

/** The registry entry of kind 'conv' (registered when this package is imported). */
export const convKind: EmulatorKind<ConvConfig> = {
  kind: 'conv',
  parseConfig: parseConvConfig,
  weightShapes: convWeightShapes,
  build: (config, weights) => new ConvEmulator(config, weights),
};

registerEmulatorKind(convKind);
