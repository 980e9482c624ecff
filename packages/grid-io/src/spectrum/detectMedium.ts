import type { FitsHeader } from '../fits/FitsHeader';
import type { WavelengthMedium } from './Spectrum';

/**
 * Air or vacuum from header conventions, first match wins over the headers given: `VACUUM = T/F`
 * (SDSS, LAMOST), `AIRORVAC = 'air'/'vac'`, `CTYPE1` 'AWAV…' (air) or 'WAVE…' (vacuum).
 */
export function detectMedium(headers: FitsHeader[], fallback: WavelengthMedium = 'unknown'): WavelengthMedium {
  for (const h of headers) {
    const vacuum = h.get('VACUUM');
    if (typeof vacuum === 'boolean') return vacuum ? 'vacuum' : 'air';
    const airOrVac = h.string('AIRORVAC')?.trim().toLowerCase();
    if (airOrVac?.startsWith('air')) return 'air';
    if (airOrVac?.startsWith('vac')) return 'vacuum';
    const ctype = h.string('CTYPE1')?.trim().toUpperCase() ?? '';
    if (ctype.startsWith('AWAV')) return 'air';
    if (ctype.startsWith('WAVE')) return 'vacuum';
  }
  return fallback;
}
