import { expect, test } from 'vitest';

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual(
    [
      'PosteriorError',
      'createLogPosterior',
      'effectiveSampleSize',
      'emulatorVariance',
      'essBulk',
      'essTail',
      'integratedAutocorrTime',
      'quantileSorted',
      'resolvePriors',
      'samplePosterior',
      'samplesTable',
      'splitRhat',
      'summarizePosterior',
      'writeSamplesArrow',
    ].sort(),
  );
});
