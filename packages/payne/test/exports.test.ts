import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { PACKAGE_VERSION } from '../src/index';

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual(
    [
      'BINSPEC_LABELS',
      'INPUT_SCALINGS',
      'MlpRegressor',
      'PerPixelPayneEmulator',
      'importMlpRegressorNpz',
      'importPerPixelPayneNpz',
      'loadBinspecNetworks',
      'parsePerPixelPayneConfig',
      'perPixelPayneConfigSchema',
      'perPixelPayneKind',
      'perPixelPayneWeightShapes',
      'LEAKY_RELU_SLOPE',
      'PACKAGE_VERSION',
      'PAYNE_ACTIVATIONS',
      'PAYNE_OUTPUT_ACTIVATIONS',
      'PAYNE_PRESETS',
      'PayneEmulator',
      'THE_PAYNE_APOGEE_LABELS',
      'applyActivation',
      'createPayne',
      'importAetBundle',
      'importPayneNpz',
      'parsePayneConfig',
      'payneArchitectureSchema',
      'payneConfigSchema',
      'payneKind',
      'payneParameterCount',
      'payneWeightShapes',
    ].sort(),
  );
});

test('PACKAGE_VERSION follows package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(PACKAGE_VERSION).toBe(pkg.version);
});
