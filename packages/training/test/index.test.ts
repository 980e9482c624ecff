import { expect, test } from 'vitest';
import * as api from '../src/index';

test('the public surface is exactly this list (change it on purpose)', () => {
  expect(Object.keys(api).sort()).toEqual(
    [
      'AdamW', 'BatchSampler', 'CHECKPOINT_FILE', 'CHECKPOINT_FORMAT', 'CHECKPOINT_VERSION', 'CheckpointError',
      'INPUT_KERNEL', 'SeededRandom', 'TrainingError', 'VALIDATION_METRICS', 'attachLoRA', 'clipByGlobalNorm',
      'constantSchedule', 'cosineWarmRestarts', 'createAdam', 'createSchedule', 'decodeCheckpoint', 'encodeCheckpoint',
      'evaluateEmulator', 'extendInputLabels', 'inMemorySource', 'interpolateRows', 'mixSeeds', 'muPMultipliers',
      'namedVariables', 'readCheckpoint', 'sampleWavelengths', 'subsetSource', 'syntheticGridSource', 'trainEmulator', 'warmupCosine',
      'writeCheckpoint', 'FlatAdamW', 'flatLayout', 'decayMatricesOnly', 'createTrainStep', 'readFlat', 'writeFlat',
      'createParallelTrainStep', 'warmupStableDecay',
    ].sort(),
  );
});
