// Shared with @astroemu/crb: its test emulator (Gaussian lines in tf ops) serves both test suites.
import { dopplerFactor } from '@astroemu/grid-io';
import { mulberry32 } from '@astroemu/random';
import { analyticFlux, logGrid, type Line } from '../../crb/test/analyticEmulator';

export function rng(seed: number) {
  const u = mulberry32(seed);
  return { u, normal: () => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u()) };
}

/** Observed spectrum from the float64 host model at λ_obs / D(v), times a linear continuum, plus noise at S/N. */
export function observe(
  lines: Line[],
  labels: number[],
  v: number,
  snr: number,
  seed: number,
  lo = 5000,
  hi = 5040,
  du = 2e-5,
  cont: [number, number] = [1, 0],
) {
  const wavelength = logGrid(lo, hi, du);
  const d = dopplerFactor(v);
  const clean = analyticFlux(
    lines,
    labels,
    Float64Array.from(wavelength, (w) => w / d),
  );
  const r = rng(seed);
  const n = wavelength.length;
  const flux = Float64Array.from(clean, (f, i) => f * (cont[0] + cont[1] * ((2 * i) / (n - 1) - 1)) + r.normal() / snr);
  return { wavelength, flux, ivar: new Float64Array(n).fill(snr * snr), clean };
}
