export { readSpectrum, parseSpectrum } from './readSpectrum';
export { wavelengthFromWcs } from './spectralAxis';
export type { SpectralAxis } from './spectralAxis';
export type { Spectrum, SpectrumMeta, ReadSpectrumOptions, WavelengthMedium } from './Spectrum';
