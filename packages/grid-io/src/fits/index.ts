// FITS reading and writing (own implementation: no npm FITS reader works in Node and is maintained).
export { readFits } from './readFits';
export { parseFits } from './parseFits';
export { writeFits } from './writeFits';
export { formatCard } from './formatCard';
export { spectrumImageHdu, spectrumTableHdu } from './spectrumHdus';
export { findColumn, requireColumn } from './findColumn';
export { FitsHeader } from './FitsHeader';
export { FitsError } from './FitsError';
export type { FitsErrorDetails } from './FitsError';
export type { FitsCard, FitsValue, FitsValueType, FitsComplex } from './FitsHeader';
export type { FitsWriteCard } from './formatCard';
export type { FitsWriteHdu, FitsWriteImage, FitsWriteTable, FitsWriteColumn } from './writeFits';
export type { SpectrumImageInput, SpectrumTableInput } from './spectrumHdus';
export type { FitsSource } from './loadBytes';
export type {
  FitsHdu,
  FitsImageHdu,
  FitsBinTableHdu,
  FitsSkippedHdu,
  FitsColumn,
  FitsColumnData,
  FitsImageArray,
  FitsNumericArray,
  ReadFitsOptions,
} from './types';
// Spectra (readSpectrum) live in ../spectrum and are re-exported from the package index.
