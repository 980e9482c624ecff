// Resampling and observation operators: pure functions over typed arrays (Angstrom, km/s).
export { DomainError } from './errors';
export { interpolateLinear } from './interpolateLinear';
export { rebinFlux, pixelEdges } from './rebinFlux';
export { dopplerFactor, dopplerShift, SPEED_OF_LIGHT_KMS } from './dopplerShift';
export { broadenGaussian, broadenRotational } from './broaden';
export { continuumNormalize, detectSegments } from './continuumNormalize';
export type { ContinuumOptions } from './continuumNormalize';
export { airToVacuum, vacuumToAir } from './airVacuum';
export {
  APOGEE_CHIPS,
  apogeeContinuumOperator,
  applyApogeeContinuum,
  apogeeContinuumNormalize,
} from './apogeeContinuum';
export type { ApogeeContinuumOperator, ApogeeContinuumOptions } from './apogeeContinuum';
