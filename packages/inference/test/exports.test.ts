import { expect, test } from 'vitest';

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual(
    ['applyBandedKernel', 'bandedKernel', 'cosineSchedule', 'dopplerShiftTensor', 'fitSpectra', 'gaussianLsfOperator',
      'interpolateTensor', 'logWavelengthOffsets', 'rotationalBroadeningOperator'].sort(),
  );
});
