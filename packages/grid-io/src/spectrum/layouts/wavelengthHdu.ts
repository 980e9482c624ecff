import type { FitsImageHdu } from '../../fits/types';
import { detectMedium } from '../detectMedium';
import type { LayoutInput, Spectrum } from '../Spectrum';
import { headerRecord, numeric, slice } from '../spectrumArrays';

const WAVE_NAMES = new Set(['WAVE', 'WAVELENGTH', 'LAMBDA']);

/** Image HDUs named FLUX and WAVE/WAVELENGTH/LAMBDA (optionally IVAR) of the same length. */
export function readWavelengthHdu({ hdus, file }: LayoutInput): Spectrum | undefined {
  const byName = (names: Set<string>) =>
    hdus.find((h): h is FitsImageHdu => h.kind === 'image' && h.data !== null && names.has(h.name.toUpperCase()));
  const wave = byName(WAVE_NAMES);
  const flux = byName(new Set(['FLUX']));
  if (wave === undefined || flux === undefined || wave.data!.length !== flux.data!.length) return undefined;
  const ivar = byName(new Set(['IVAR']));
  const n = flux.data!.length;
  const primary = hdus[0]!.header;
  return {
    wavelength: slice(Float64Array, numeric(wave.data, { file, hdu: wave.index, keyword: 'wavelength' }), 0, n),
    flux: slice(Float32Array, numeric(flux.data, { file, hdu: flux.index, keyword: 'flux' }), 0, n),
    ...(ivar !== undefined && ivar.data!.length === n
      ? { ivar: slice(Float32Array, numeric(ivar.data, { file, hdu: ivar.index, keyword: 'ivar' }), 0, n) }
      : {}),
    medium: detectMedium([wave.header, flux.header, primary]),
    meta: {
      layout: 'wavelength-hdu',
      file,
      hdus: [flux.index, wave.index],
      wavelengthSource: 'hdu',
      header: headerRecord(primary),
    },
  };
}
