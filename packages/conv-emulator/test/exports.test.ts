import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { PACKAGE_VERSION } from '../src/index';

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual(
    [
      'CONV_ACTIVATIONS',
      'CONV_OUTPUT_ACTIVATIONS',
      'CONV_PRESETS',
      'ConvEmulator',
      'PACKAGE_VERSION',
      'SAMPLE_PLACEMENTS',
      'conv1d',
      'convArchitectureSchema',
      'convConfigSchema',
      'convKind',
      'convParameterCount',
      'convSampleCount',
      'convTranspose1d',
      'convWeightShapes',
      'createConvEmulator',
      'interpolationWeights',
      'parseConvConfig',
    ].sort(),
  );
});

test('PACKAGE_VERSION follows package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(PACKAGE_VERSION).toBe(pkg.version);
});
