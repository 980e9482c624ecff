import { expect, test } from 'vitest';

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual(
    [
      'BAND_PERCENTILES',
      'DomainError',
      'MetricsAccumulator',
      'ShapeError',
      'mae',
      'maqe95',
      'mare',
      'maxAE',
      'mse',
      'percentileLinear',
      'qae95',
    ].sort(),
  );
});
