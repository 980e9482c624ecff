import { registerTransformerPayne } from './registerTransformerPayne';

// The model
export { createTransformerPayne } from './createTransformerPayne';
export type { CreateTransformerPayneOptions } from './createTransformerPayne';
export { TransformerPayne } from './transformerPayne';
export type { ForwardOptions, PredictOptions, TransformerPayneRuntimeOptions } from './transformerPayne';
export {
  buildTransformerPayneLayers,
  transformerPayneParameterCount,
  transformerPayneWeightShapes,
} from './transformerPayneLayers';
export type { TransformerPayneLayers } from './transformerPayneLayers';

// Config and registry
export {
  TRANSFORMER_PAYNE_KIND,
  TRANSFORMER_PAYNE_PRESETS,
  parseTransformerPayneConfig,
  transformerPayneArchitectureSchema,
  transformerPayneConfigSchema,
} from './transformerPayneConfig';
export type {
  TransformerPayneArchitecture,
  TransformerPayneConfig,
  TransformerPaynePreset,
} from './transformerPayneConfig';
export { registerTransformerPayne } from './registerTransformerPayne';

// Prediction on any grid
export { DEFAULT_MEMORY_BUDGET_BYTES, planWavelengthChunks } from './planWavelengthChunks';
export type { WavelengthChunkPlan } from './planWavelengthChunks';
export type { DomainOptions } from '@astroemu/emulator-core';
export { createPredictPool } from './createPredictPool';
export type { PredictPool, PredictPoolOptions } from './createPredictPool';

// Interpretability (paper Sect. 5 figures)
export { attentionMaps } from './attentionMaps';
export { labelEmbeddingJacobian } from './labelEmbeddingJacobian';
export type { LabelEmbeddingJacobianOptions } from './labelEmbeddingJacobian';

// Importing the package registers the 'transformer-payne' kind for loadEmulator.
registerTransformerPayne();
