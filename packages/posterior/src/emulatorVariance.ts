import { PosteriorError } from './errors';

/** Per-wavelength residual percentiles (predicted − truth over validation spectra), as @astroemu/metrics computes them. */
export interface ResidualBandsLike {
  percentiles: readonly number[];
  values: readonly ArrayLike<number>[];
}

export interface EmulatorVarianceOptions {
  /** Add the squared median residual (the emulator's systematic offset at that pixel) to the spread (default true). */
  includeBias?: boolean;
  /** Wavelengths of the bands' pixels and of the target pixels: the variance is linearly interpolated onto `target`. */
  wavelength?: { bands: ArrayLike<number>; target: ArrayLike<number> };
}

/**
 * The emulator's error variance per pixel from validation residual bands: σ²_emu = ((p84 − p16)/2)² (+ p50²), i.e.
 * the half-width of the central 68 % of residuals (a robust σ) squared, plus the median offset squared. Added to the
 * data variance in the likelihood, it widens the posterior where the emulator is unreliable.
 */
export function emulatorVariance(bands: ResidualBandsLike, opts: EmulatorVarianceOptions = {}): Float64Array {
  const who = 'emulatorVariance';
  const at = (q: number) => {
    const k = bands.percentiles.findIndex((p) => Math.abs(p - q) < 1e-9);
    if (k < 0 || !bands.values[k])
      throw new PosteriorError(`${who}: bands.percentiles must include ${q}; got [${bands.percentiles.join(', ')}]`);
    return bands.values[k]!;
  };
  const p16 = at(16);
  const p84 = at(84);
  const p50 = at(50);
  const M = p16.length;
  const v = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    const s = (p84[j]! - p16[j]!) / 2;
    v[j] = s * s + (opts.includeBias === false ? 0 : p50[j]! ** 2);
    if (!Number.isFinite(v[j]!))
      throw new PosteriorError(
        `${who}: bands give a non-finite variance at pixel ${j} (p16 ${p16[j]}, p50 ${p50[j]}, p84 ${p84[j]})`,
      );
  }
  if (!opts.wavelength) return v;
  const { bands: x, target } = opts.wavelength;
  if (x.length !== M)
    throw new PosteriorError(`${who}: wavelength.bands has ${x.length} values; the bands have ${M} pixels`);
  for (let j = 1; j < M; j++)
    if (!(x[j]! > x[j - 1]!))
      throw new PosteriorError(`${who}: wavelength.bands must increase; pixel ${j} (${x[j]}) ≤ pixel ${j - 1}`);
  const out = new Float64Array(target.length);
  let k = 0;
  for (let i = 0; i < target.length; i++) {
    const t = target[i]!;
    if (t < x[0]! || t > x[M - 1]!)
      throw new PosteriorError(`${who}: target wavelength ${t} lies outside the bands' range [${x[0]}, ${x[M - 1]}]`);
    while (k < M - 2 && x[k + 1]! < t) k++;
    const f = (t - x[k]!) / (x[k + 1]! - x[k]!);
    out[i] = v[k]! + f * (v[k + 1]! - v[k]!);
  }
  return out;
}
