// The model (Leung & Bovy 2023, Fig. 2)
export { createFoundationModel } from './foundationModel';
export type {
  CreateFoundationModelOptions,
  FoundationModel,
  FoundationOutput,
  FoundationPrediction,
} from './foundationModel';
export type { ForwardMode } from './createPostNormBlock';
export { createNonLinearEmbedding } from './nonLinearEmbedding';
export type { NonLinearEmbedding, NonLinearEmbeddingOptions } from './nonLinearEmbedding';
export { heteroscedasticLoss } from './heteroscedasticLoss';

// Config and vocabulary
export {
  FOUNDATION_KIND,
  FOUNDATION_PRESETS,
  foundationConfig,
  foundationConfigSchema,
  parseFoundationConfig,
} from './foundationConfigSchema';
export type {
  FoundationArchitecture,
  FoundationConfig,
  FoundationConfigInput,
  FoundationPreset,
} from './foundationConfigSchema';
export { PADDING_ID, createVocabulary } from './vocabulary';
export type { TokenSpec, Vocabulary } from './vocabulary';
export { encodeTokens } from './encodeTokens';
export type { TokenBatch, TypeRef } from './encodeTokens';

// Bundles
export {
  FOUNDATION_PACKAGE_VERSION,
  decodeFoundationBundle,
  encodeFoundationBundle,
  loadFoundationModel,
  saveFoundationModel,
} from './foundationBundle';

// Data and training
export { CATALOGUE_COLOURS, CATALOGUE_LABELS, makeStellarCatalogue, stellarColours } from './stellarCatalogue';
export type { StellarCatalogue, StellarCatalogueOptions } from './stellarCatalogue';
export { sampleTrainingBatch } from './sampleTrainingBatch';
export type { SampleTrainingBatchOptions, TrainingBatch } from './sampleTrainingBatch';
export { trainFoundationModel } from './trainFoundationModel';
export type { TrainFoundationOptions } from './trainFoundationModel';
