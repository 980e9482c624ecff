import { expect, test } from 'vitest';

test('public surface is pinned', async () => {
  expect(Object.keys(await import('../src/index')).sort()).toEqual([
    'EmulatorHandle',
    'modelFlux',
    'openEmulator',
    'registerBuiltInKinds',
  ]);
});
