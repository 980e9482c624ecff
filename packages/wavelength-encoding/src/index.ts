export { sinusoidalEncoding } from './sinusoidalEncoding';
export { sinusoidalEncodingTensor } from './sinusoidalEncodingTensor';
export { encodingPeriods, DEFAULT_MIN_PERIOD, DEFAULT_MAX_PERIOD } from './encodingPeriods';
export type { SinusoidalEncodingOptions, PeriodSpacing } from './encodingPeriods';
export { log10Wavelength } from './log10Wavelength';
export { DomainError } from './DomainError';
