// Public surface of @astroemu/synth (pinned by test/index.test.ts).
export { LABEL_NAMES, LABEL_SPECS, LABEL_COUNT, FIRST_ABUNDANCE_Z, labelIndex, labelVector } from './labels';
export type { LabelSpec, LabelVectorOptions } from './labels';
export {
  ELEMENT_SYMBOLS,
  ATOMIC_MASS,
  IONIZATION_ENERGY_I,
  IONIZATION_ENERGY_II,
  MAX_Z,
  atomicNumber,
} from './elements';
export { SOLAR_ABUNDANCES, SOLAR_HELIUM_FRACTION } from './solarAbundances';
export { logUniformWavelength } from './wavelengthGrid';
export type { WavelengthGridOptions } from './wavelengthGrid';
export { voigtH } from './voigt';
export { sahaRatio, ionizationFractions } from './saha';
export { partitionFunctions } from './partitionFunctions';
export { hminusOpacityPerPe, hminusBoundFreeCrossSection } from './continuousOpacity';
export { solvePhotosphere } from './photosphere';
export type { PhotosphereState } from './photosphere';
export { saturatedResidualFlux, residualFlux } from './residualFlux';
export { BALMER_LINES, balmerWingCoefficient, balmerCoreWidth } from './balmer';
export type { BalmerLine } from './balmer';
export { LINE_RICHNESS, LINE_ELEMENTS } from './lineRichness';
export type { ElementRichness, LineFamily } from './lineRichness';
export { createLineList, lineRecords, MOLECULE_CH } from './lineList';
export type { LineList, LineRecord } from './lineList';
export { ANCHOR_LINES } from './anchorLines';
export { generateLineList } from './generateLineList';
export type { GenerateLineListOptions } from './generateLineList';
export { parseValdShort, parseLineListCsv } from './parseLineList';
export { createSynthesizer } from './createSynthesizer';
export type { Synthesizer, SynthesizerOptions, LineParameters } from './createSynthesizer';
export { synthesize, synthesizerFor } from './synthesize';
export { validateLabels, MODEL_LIMITS } from './validateLabels';
export { makeGrid, gridDomain } from './makeGrid';
export type { GridKind, MakeGridOptions, SyntheticGrid } from './makeGrid';
export { writeSyntheticGrid } from './writeSyntheticGrid';
export type { WriteSyntheticGridOptions } from './writeSyntheticGrid';
export { mulberry32, hashSeed, gaussian } from './prng';
export { SynthArgumentError, LineListParseError } from './errors';
export { observe } from './observe';
export type { ObserveOptions, ObservedSpectrum } from './observe';
