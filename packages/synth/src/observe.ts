import { broadenGaussian, broadenRotational, dopplerShift } from '@astroemu/grid-io';
import { gaussian, mulberry32 } from './prng';
import { SynthArgumentError, describeValue } from './errors';

export interface ObserveOptions {
  /** Rotational broadening v sin i [km/s] (grid-io broadenRotational, limb darkening 0.6); default 0. */
  vsini?: number;
  /** Instrumental resolving power (Gaussian LSF, grid-io broadenGaussian); default none. */
  R?: number;
  /** Radial velocity [km/s] (grid-io dopplerShift); default 0. */
  rv?: number;
  /** Signal-to-noise per pixel at continuum: Gaussian noise σ = flux/snr; default none. */
  snr?: number;
  /** Seed of the noise; default 1. */
  seed?: number;
}

/** An "observed" spectrum with its inverse variance (ivar = 0 when there is no noise: unknown). */
export interface ObservedSpectrum {
  flux: Float32Array;
  ivar: Float32Array;
}

/**
 * Make an observed spectrum from a synthetic one with @astroemu/grid-io's operators, in the order
 * nature applies them: rotation → Doppler shift → instrumental LSF → noise (σ_i = f_i/snr, seeded).
 */
export function observe(
  wavelength: Float64Array,
  flux: ArrayLike<number>,
  opts: ObserveOptions = {},
): ObservedSpectrum {
  if (flux.length !== wavelength.length) {
    throw new SynthArgumentError(
      'flux',
      'observe',
      `length ${wavelength.length} (the wavelength grid)`,
      describeValue(flux),
    );
  }
  let f: ArrayLike<number> = flux;
  if (opts.vsini) f = broadenRotational(wavelength, f, opts.vsini);
  if (opts.rv) f = dopplerShift(wavelength, f, opts.rv);
  if (opts.R !== undefined) f = broadenGaussian(wavelength, f, opts.R);
  const out = Float32Array.from(f);
  const ivar = new Float32Array(out.length);
  if (opts.snr !== undefined) {
    if (!(opts.snr > 0)) throw new SynthArgumentError('snr', 'observe', 'a positive number', describeValue(opts.snr));
    const rand = mulberry32(opts.seed ?? 1);
    for (let i = 0; i < out.length; i++) {
      const sigma = Math.max(out[i] as number, 1e-3) / opts.snr;
      out[i] = (out[i] as number) + sigma * gaussian(rand);
      ivar[i] = 1 / (sigma * sigma);
    }
  }
  return { flux: out, ivar };
}
