import { DomainError } from './errors';
import type { NumericArray } from './validate';

/**
 * Vacuum → air (IAU standard; Morton 2000, ApJS 130, 403, eq. 8 with Birch & Downs 1994 constants):
 * s = 10⁴/λ_vac, n = 1 + 8.34254e-5 + 2.406147e-2/(130 − s²) + 1.5998e-4/(38.9 − s²), λ_air = λ_vac / n.
 * Applied for λ ≥ 2000 Å; shorter wavelengths are returned unchanged (air is opaque there; VALD's convention).
 */
export function vacuumToAir(wavelength: NumericArray): Float64Array {
  return Float64Array.from(wavelength, (w, i) => {
    check('vacuumToAir', w, i);
    if (w < 2000) return w;
    const s2 = (1e4 / w) ** 2;
    const n = 1 + 0.0000834254 + 0.02406147 / (130 - s2) + 0.00015998 / (38.9 - s2);
    return w / n;
  });
}

/**
 * Air → vacuum by the inverse formula of N. Piskunov (VALD3; as given on the VALD wiki):
 * s = 10⁴/λ_air, n = 1 + 8.336624212083e-5 + 2.408926869968e-2/(130.1065924522 − s²)
 * + 1.599740894897e-4/(38.92568793293 − s²), λ_vac = λ_air · n (λ ≥ 2000 Å; else unchanged).
 */
export function airToVacuum(wavelength: NumericArray): Float64Array {
  return Float64Array.from(wavelength, (w, i) => {
    check('airToVacuum', w, i);
    if (w < 2000) return w;
    const s2 = (1e4 / w) ** 2;
    const n =
      1 + 0.00008336624212083 + 0.02408926869968 / (130.1065924522 - s2) + 0.0001599740894897 / (38.92568793293 - s2);
    return w * n;
  });
}

function check(fn: string, w: number, i: number): void {
  if (!Number.isFinite(w) || w <= 0) {
    throw new DomainError(`Argument 'wavelength' passed to '${fn}' must be finite and > 0; pixel ${i} is ${w}`);
  }
}
