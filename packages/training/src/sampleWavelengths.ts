import type { SeededRandom } from './SeededRandom';

/** How a wavelength-conditioned emulator's K training wavelengths are drawn each step (see trainEmulator). */
export type WavelengthSampling = 'pixels' | 'uniform';

/**
 * K increasing training wavelengths on the increasing grid `wavelength` (M pixels) and, for 'pixels', their
 * pixel indices. 'pixels': K distinct pixels drawn without replacement (every pixel once when K ≥ M), so the
 * targets are the grid's own values; 'uniform': K wavelengths uniform in [λ_0, λ_{M−1}], whose targets must be
 * interpolated between pixels.
 */
export function sampleWavelengths(
  wavelength: Float64Array,
  K: number,
  mode: WavelengthSampling,
  random: SeededRandom,
): { wavelength: Float64Array; pixels?: Int32Array } {
  const M = wavelength.length;
  if (mode === 'uniform') {
    const lo = wavelength[0]!;
    const span = wavelength[M - 1]! - lo;
    const out = new Float64Array(K);
    for (let k = 0; k < K; k++) out[k] = lo + span * random.next();
    return { wavelength: out.sort() };
  }
  const n = Math.min(K, M);
  let pixels: Int32Array;
  if (n === M) {
    pixels = Int32Array.from({ length: M }, (_, i) => i);
  } else {
    // partial Fisher–Yates: the first n entries of a random permutation of [0, M)
    const p = Int32Array.from({ length: M }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const j = i + random.int(M - i);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    pixels = p.slice(0, n).sort();
  }
  return { wavelength: Float64Array.from(pixels, (i) => wavelength[i]!), pixels };
}
