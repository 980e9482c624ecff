import { expect, test } from 'vitest';

// Composite spectral models (issue 15, binspec half)
const COMPOSITE = [
  'apogeeContinuumTensor',
  'apogeeNormalizeTensor',
  'CompositeSpecError',
  'expandParameters',
  'validateCompositeSpec',
  'evalExpr',
  'CompositeModel',
  'shiftRows',
  'boundedLevenbergMarquardt',
  'fitComposite',
  'compareFits',
  'halton',
  'BINSPEC_MODELS',
  'BINSPEC_SINGLE',
  'BINSPEC_BINARY',
  'BINSPEC_SB1',
  'BINSPEC_SB2',
  'binspecSeed',
];

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual(
    [
      'applyBandedKernel',
      'bandedKernel',
      'cosineSchedule',
      'dopplerShiftTensor',
      'fitSpectra',
      'gaussianLsfOperator',
      'interpolateTensor',
      'logWavelengthOffsets',
      'rotationalBroadeningOperator',
      ...COMPOSITE,
    ].sort(),
  );
});
