export type {
  Expr,
  ParameterSpec,
  ComponentSpec,
  CompositeModelSpec,
  HostRegressor,
  ExpandedParameter,
} from './compositeSpec';
export { CompositeSpecError, expandParameters, validateCompositeSpec, evalExpr } from './compositeSpec';
export { CompositeModel, shiftRows } from './CompositeModel';
export type { CompositeExposure, CompositeModelOptions } from './CompositeModel';
export {
  BINSPEC_MODELS,
  BINSPEC_SINGLE,
  BINSPEC_BINARY,
  BINSPEC_SB1,
  BINSPEC_SB2,
  binspecSeed,
} from './binspecModels';
export { boundedLevenbergMarquardt } from './boundedLm';
export type { BoundedLmProblem, BoundedLmOptions, BoundedLmResult } from './boundedLm';
export { fitComposite, compareFits } from './fitComposite';
export type { CompositeData, FitCompositeOptions, CompositeFitResult } from './fitComposite';
export { halton } from './halton';
