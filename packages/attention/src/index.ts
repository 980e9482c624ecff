// Parameters and initializers
export { Parameters, joinName } from './Parameters';
export type { ParameterAdapter, ParameterSnapshot, ParametersOptions } from './Parameters';
export {
  constant,
  fans,
  glorotNormal,
  lecunNormal,
  normal,
  ones,
  truncatedNormal,
  varianceScaling,
  zeros,
} from './initializers';
export type { Initializer, VarianceScalingOptions } from './initializers';

// Functional ops
export { addBias, matMul, sumRows, transposeLast2 } from './matMul';
export { dense } from './dense';
export type { DenseParams } from './dense';
export { layerNorm, layerNormComposite, LAYER_NORM_EPSILON } from './layerNorm';
export type { LayerNormParams } from './layerNorm';
export { residualLayerNorm, residualLayerNormComposite } from './residualLayerNorm';
export { gelu, geluExact, geluExactComposite, geluTanh, geluTanhComposite } from './gelu';
export { activate, ACTIVATIONS } from './activation';
export type { Activation } from './activation';
export { softmaxAttention, keyPaddingBias, MASK_VALUE } from './softmaxAttention';
export { groupSoftmax } from './groupSoftmax';
export {
  attendWithKeyValues,
  disposeKeyValues,
  multiHeadAttention,
  projectKeyValues,
} from './multiHeadAttention';
export type { AttentionParams, AttentionResult, KeyValues } from './multiHeadAttention';
export { feedForward } from './feedForward';
export type { FeedForwardParams } from './feedForward';
export { resiDualBlock, resiDualInit, resiDualKeyValues, resiDualOutput } from './resiDual';
export type { ResiDualBlockOptions, ResiDualBlockParams, ResiDualState } from './resiDual';

// Builders (create named parameters, return apply functions)
export { createDense } from './createDense';
export type { DenseLayer, DenseOptions } from './createDense';
export { createLayerNorm } from './createLayerNorm';
export type { LayerNormLayer, LayerNormOptions } from './createLayerNorm';
export { createMultiHeadAttention } from './createMultiHeadAttention';
export type { MultiHeadAttentionLayer, MultiHeadAttentionOptions } from './createMultiHeadAttention';
export { createFeedForward } from './createFeedForward';
export type { FeedForwardLayer, FeedForwardOptions } from './createFeedForward';
export { createResiDualBlock } from './createResiDualBlock';
export type { ResiDualBlockBuildOptions, ResiDualBlockLayer } from './createResiDualBlock';

// Errors
export { ParameterError, ShapeError } from './errors';
