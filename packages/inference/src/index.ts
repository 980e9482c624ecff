// Fitting
export type { ObservedSpectrum, FitOptions, FitResult, FitFlag, FitProgress } from './fitTypes';
export { fitSpectra } from './fitSpectra';
export type { LevenbergMarquardtOptions, LevenbergMarquardtResult } from './levenbergMarquardt';
export type { AdamProtocolOptions } from './adamProtocol';
export { cosineSchedule } from './cosineSchedule';

// Differentiable observation operators (tfjs twins of @astroemu/grid-io's resampling)
export { interpolateTensor } from './interpolateTensor';
export { dopplerShiftTensor, logWavelengthOffsets } from './dopplerShiftTensor';
export type { BandedKernel } from './broadenTensor';
export { bandedKernel, applyBandedKernel, gaussianLsfOperator, rotationalBroadeningOperator } from './broadenTensor';

// Composite spectral models (binspec: single, binary, SB1, SB2; any declared combination), APOGEE continuum
export { apogeeContinuumTensor, apogeeNormalizeTensor } from './apogeeContinuumTensor';
export * from './composite/index';
