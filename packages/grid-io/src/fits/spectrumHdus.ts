import { FitsError } from './FitsError';
import type { FitsWriteCard } from './formatCard';
import type { FitsWriteImage, FitsWriteTable } from './writeFits';

export interface SpectrumImageInput {
  flux: Float32Array | Float64Array;
  /**
   * The grid: λ_p = start + p·step (linear, Å), or λ_p = start·10^(p·step) (log10, step in dex),
   * p = 0…n−1. Log grids are written as the standard `WAVE-LOG` axis (CDELT1 = start·ln10·step).
   */
  wavelength: { start: number; step: number; scale?: 'linear' | 'log10' };
  medium: 'air' | 'vacuum';
  name?: string;
  cards?: FitsWriteCard[];
}

/** An image HDU for a 1D spectrum with a WCS spectral axis (CTYPE1 WAVE/AWAV[-LOG], CUNIT1 Angstrom). */
export function spectrumImageHdu(s: SpectrumImageInput): FitsWriteImage {
  const { start, step, scale = 'linear' } = s.wavelength;
  if (!(Number.isFinite(start) && Number.isFinite(step) && step > 0 && start > 0)) {
    throw new FitsError('invalid wavelength grid', {
      file: '<output>',
      keyword: 'CRVAL1',
      expected: 'finite start > 0 and step > 0',
      got: `start ${start}, step ${step}`,
    });
  }
  const log = scale === 'log10';
  const ctype = `${s.medium === 'air' ? 'AWAV' : 'WAVE'}${log ? '-LOG' : ''}`;
  return {
    kind: 'image',
    data: s.flux,
    ...(s.name === undefined ? {} : { name: s.name }),
    cards: [
      { keyword: 'CTYPE1', value: ctype, comment: s.medium === 'air' ? 'air wavelength' : 'vacuum wavelength' },
      { keyword: 'CUNIT1', value: 'Angstrom' },
      { keyword: 'CRPIX1', value: 1, type: 'float', comment: 'reference pixel' },
      { keyword: 'CRVAL1', value: start, type: 'float', comment: 'wavelength at the reference pixel' },
      {
        keyword: 'CDELT1',
        value: log ? start * Math.LN10 * step : step,
        type: 'float',
        comment: log ? 'wavelength step at the reference pixel (WAVE-LOG)' : 'Angstrom per pixel',
      },
      ...(s.cards ?? []),
    ],
  };
}

export interface SpectrumTableInput {
  wavelength: Float64Array;
  flux: Float32Array | Float64Array;
  ivar?: Float32Array | Float64Array;
  mask?: Int32Array | Uint8Array | Int16Array;
  medium: 'air' | 'vacuum';
  name?: string;
  cards?: FitsWriteCard[];
}

/** A binary table with one pixel per row: WAVE (D, Angstrom), FLUX, IVAR, MASK; AIRORVAC states the medium. */
export function spectrumTableHdu(s: SpectrumTableInput): FitsWriteTable {
  return {
    kind: 'bintable',
    name: s.name ?? 'SPECTRUM',
    columns: [
      { name: 'WAVE', data: s.wavelength, unit: 'Angstrom' },
      { name: 'FLUX', data: s.flux },
      ...(s.ivar === undefined ? [] : [{ name: 'IVAR', data: s.ivar }]),
      ...(s.mask === undefined ? [] : [{ name: 'MASK', data: s.mask }]),
    ],
    cards: [
      { keyword: 'AIRORVAC', value: s.medium === 'air' ? 'air' : 'vac', comment: 'wavelength medium' },
      ...(s.cards ?? []),
    ],
  };
}
