import { expect, test } from 'vitest';

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual(
    [
      'cholesky',
      'choleskySolve',
      'crbBounds',
      'emulatorJacobian',
      'fisherMatrix',
      'invertSymmetric',
      'pixelWeights',
      'screenLabels',
      'screeningPlotSpec',
      'screeningTable',
      'symmetricEigen',
    ].sort(),
  );
});
