import { expect, test } from 'vitest';

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual(
    [
      'AstroemuError',
      'BUNDLE_FILES',
      'BundleError',
      'ConfigError',
      'DomainError',
      'FORMAT_MAJOR',
      'FORMAT_VERSION',
      'SAFETENSORS_MAX_HEADER_BYTES',
      'SafetensorsError',
      'ShapeError',
      'WAVELENGTH_TENSOR',
      'anyEmulatorConfigSchema',
      'decodeBundle',
      'emulatorConfigSchema',
      'encodeBundle',
      'getEmulatorKind',
      'labelSpecSchema',
      'listEmulatorKinds',
      'loadEmulator',
      'parseConfigWith',
      'parseFormatVersion',
      'readSafetensors',
      'registerEmulatorKind',
      'saveEmulator',
      'scaleLabels',
      'sha256Hex',
      'unregisterEmulatorKind',
      'unscaleLabels',
      'validateLabelSpecs',
      'wavelengthDomainSchema',
      'writeSafetensors',
    ].sort(),
  );
});
