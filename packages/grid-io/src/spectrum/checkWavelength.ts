import { FitsError } from '../fits/FitsError';

/** Wavelengths must be finite, positive and strictly increasing; otherwise a FitsError naming the pixel. */
export function checkWavelength(wavelength: Float64Array, ctx: { file: string; hdu: number; keyword: string }): void {
  for (let i = 0; i < wavelength.length; i++) {
    const w = wavelength[i]!;
    if (!Number.isFinite(w) || w <= 0) {
      throw new FitsError(`wavelength of pixel ${i} is not a finite positive number`, {
        ...ctx,
        expected: 'finite wavelengths > 0 Å',
        got: String(w),
      });
    }
    if (i > 0 && w <= wavelength[i - 1]!) {
      throw new FitsError(
        `wavelengths are not increasing: pixel ${i} (${w} Å) ≤ pixel ${i - 1} (${wavelength[i - 1]} Å)`,
        { ...ctx, expected: 'strictly increasing wavelengths', got: 'unsorted or repeated values' },
      );
    }
  }
}
