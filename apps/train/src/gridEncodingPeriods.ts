/**
 * Shortest and longest period of TransformerPayne's sinusoidal encoding of log10(λ/Å) matched to a training grid:
 * from the grid's Nyquist period (2 pixels, the finest detail its pixels can carry) to 4× its log10 span.
 *
 * The paper's periods (1e-6 … 10) cover seven decades for a 1 000 Å grid at R = 100 000. On a 100 Å window at
 * R = 5 000–20 000 (log10 span ≈ 0.01, pixels ≈ 2e-5–9e-5) about a third of the channels are constant over the grid
 * (P ≫ span) and a quarter alias between pixels (P < 2 pixels), leaving a few dozen of the d channels to encode the
 * wavelength; matched periods spend all d of them where the spectra vary (a tiny TP reached 0.36× instead of 0.40×
 * the mean-spectrum validation MAE in 300 steps, docs/experiments.md). The grid must be increasing.
 */
export function gridEncodingPeriods(wavelength: Float64Array): { minPeriod?: number; maxPeriod?: number } {
  const M = wavelength.length;
  if (M < 2) return {}; // one pixel: nothing to match, the paper's periods
  const span = Math.log10(wavelength[M - 1]! / wavelength[0]!);
  let step = Infinity;
  for (let i = 1; i < M; i++) step = Math.min(step, Math.log10(wavelength[i]! / wavelength[i - 1]!));
  const minPeriod = 2 * step;
  return { minPeriod, maxPeriod: Math.max(4 * span, minPeriod) };
}
