// Optimisers
export { AdamW } from './AdamW';
export type { AdamWOptions, AdamWState } from './AdamW';
export { createAdam } from './createAdam';
export { FlatAdamW, flatLayout, decayMatricesOnly } from './FlatAdamW';
export type { FlatAdamWOptions, FlatAdamWSettings, FlatLayout } from './FlatAdamW';
export { createTrainStep, readFlat, writeFlat } from './createTrainStep';
export type { TrainStep, TrainStepOptions, BatchGradient } from './createTrainStep';
export { createParallelTrainStep } from './createParallelTrainStep';
export type { ParallelTrainStep, ParallelTrainStepOptions } from './createParallelTrainStep';
export { clipByGlobalNorm } from './clipByGlobalNorm';
export type { ClippedGradients } from './clipByGlobalNorm';
export { muPMultipliers } from './muPMultipliers';
export type { MuPOptions } from './muPMultipliers';

// Learning-rate schedules
export { createSchedule } from './learningRateSchedule';
export type { LearningRateSchedule, ScheduleSpec } from './learningRateSchedule';
export { warmupCosine } from './warmupCosine';
export type { WarmupCosineOptions } from './warmupCosine';
export { warmupStableDecay } from './warmupStableDecay';
export type { WarmupStableDecayOptions } from './warmupStableDecay';
export { constantSchedule } from './constantSchedule';
export { cosineWarmRestarts } from './cosineWarmRestarts';
export type { CosineWarmRestartsOptions } from './cosineWarmRestarts';

// Data
export type { TrainingDataSource, TrainingRows } from './TrainingDataSource';
export { inMemorySource } from './inMemorySource';
export type { InMemoryGrid } from './inMemorySource';
export { syntheticGridSource } from './syntheticGridSource';
export type { SyntheticGridLike } from './syntheticGridSource';
export { subsetSource } from './subsetSource';
export { BatchSampler } from './BatchSampler';
export type { BatchSamplerState } from './BatchSampler';
export { interpolateRows } from './interpolateRows';
export { sampleWavelengths } from './sampleWavelengths';
export type { WavelengthSampling } from './sampleWavelengths';
export { SeededRandom, mixSeeds } from './SeededRandom';

// Training loop, validation, checkpoints
export { trainEmulator } from './trainEmulator';
export type { TrainEmulatorOptions, TrainingEvent, TrainResult, BestValue } from './trainEmulator';
export { evaluateEmulator, VALIDATION_METRICS } from './evaluateEmulator';
export type { EvaluateOptions, ValidationMetric, ValidationResult } from './evaluateEmulator';
export { namedVariables } from './namedVariables';
export type { NamedVariableStore } from './namedVariables';
export {
  CHECKPOINT_FILE,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  encodeCheckpoint,
  decodeCheckpoint,
  writeCheckpoint,
  readCheckpoint,
} from './checkpoint';
export type { HostTensor, TrainingCheckpoint } from './checkpoint';

// Fine-tuning and LoRA
export { extendInputLabels, INPUT_KERNEL } from './extendInputLabels';
export type { ExtendInputLabelsOptions } from './extendInputLabels';
export { attachLoRA } from './attachLoRA';
export type { AdaptableStore, LoRAAdapters, LoRAOptions } from './attachLoRA';

// Errors
export { TrainingError, CheckpointError } from './errors';
