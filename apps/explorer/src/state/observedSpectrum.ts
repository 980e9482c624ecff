import { continuumNormalize, type Spectrum } from '@astroemu/grid-io';

/** An observed spectrum cut to the emulator's domain and continuum-normalised, ready for fitSpectra. */
export interface PreparedObserved {
  wavelength: Float64Array;
  /** Normalised flux. */
  flux: Float64Array;
  /** Inverse variance of the normalised flux (ivar · continuum²); 0 for unusable pixels. */
  ivar: Float64Array;
  /** Nonzero = unusable (the survey's mask, ivar ≤ 0 or non-finite flux). */
  mask: Uint8Array;
  usable: number;
  source: { layout: string; file: string; min: number; max: number; pixels: number };
}

/** Fewest usable pixels the page accepts in the overlap. */
export const MIN_OVERLAP_PIXELS = 20;

/**
 * Cuts `spectrum` to [domain.min, domain.max] and divides it by grid-io's continuumNormalize (sigma-clipped
 * Chebyshev of `degree`, weighted by usable pixels). Throws Error when the overlap is too small.
 */
export function prepareObserved(
  spectrum: Spectrum,
  domain: { min: number; max: number },
  degree = 3,
): PreparedObserved {
  const w = spectrum.wavelength;
  const n = w.length;
  const source = {
    layout: spectrum.meta.layout,
    file: spectrum.meta.file,
    min: w[0] ?? NaN,
    max: w[n - 1] ?? NaN,
    pixels: n,
  };
  let i0 = 0;
  while (i0 < n && w[i0]! < domain.min) i0++;
  let i1 = i0;
  while (i1 < n && w[i1]! <= domain.max) i1++;
  const m = i1 - i0;
  const wavelength = w.slice(i0, i1);
  const flux = Float64Array.from({ length: m }, (_, k) => spectrum.flux[i0 + k]!);
  const ivarIn = Float64Array.from({ length: m }, (_, k) => (spectrum.ivar ? spectrum.ivar[i0 + k]! : 1));
  const mask = Uint8Array.from({ length: m }, (_, k) => {
    const bad =
      (spectrum.mask?.[i0 + k] ?? 0) !== 0 ||
      !(ivarIn[k]! > 0) ||
      !Number.isFinite(ivarIn[k]!) ||
      !Number.isFinite(flux[k]!);
    return bad ? 1 : 0;
  });
  const usable = m - mask.reduce((a, b) => a + b, 0);
  if (usable < Math.max(MIN_OVERLAP_PIXELS, degree + 1)) {
    throw new Error(
      `${source.file} (${source.min.toFixed(1)}–${source.max.toFixed(1)} Å) has ${usable} usable pixels inside the emulator's ${domain.min}–${domain.max} Å; need ≥ ${MIN_OVERLAP_PIXELS}`,
    );
  }
  const weights = Float64Array.from(mask, (b) => (b ? 0 : 1));
  const { continuum, normalized } = continuumNormalize(wavelength, flux, { degree, weights });
  const ivar = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const c = continuum[k]!;
    if (mask[k] || !Number.isFinite(normalized[k]!) || !(c > 0)) {
      mask[k] = 1;
      normalized[k] = NaN;
    } else {
      ivar[k] = ivarIn[k]! * c * c;
    }
  }
  return { wavelength, flux: normalized, ivar, mask, usable: mask.length - mask.reduce((a, b) => a + b, 0), source };
}
