import { registerEmulatorKind } from '@astroemu/emulator-core';
import { TransformerPayne } from './transformerPayne';
import {
  TRANSFORMER_PAYNE_KIND,
  parseTransformerPayneConfig,
  type TransformerPayneConfig,
} from './transformerPayneConfig';
import { transformerPayneWeightShapes } from './transformerPayneLayers';

/** Registers the 'transformer-payne' kind with emulator-core (done when the package is imported; idempotent). */
export function registerTransformerPayne(): void {
  registerEmulatorKind<TransformerPayneConfig>({
    kind: TRANSFORMER_PAYNE_KIND,
    parseConfig: parseTransformerPayneConfig,
    weightShapes: (c) => transformerPayneWeightShapes(c.architecture, c.labels.length),
    build: (config, weights) => new TransformerPayne(config, weights),
  });
}
