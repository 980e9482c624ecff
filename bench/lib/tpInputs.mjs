// Fixed inputs of the TransformerPayne benchmarks, shared by bench/tp.bench.mjs, its child processes and the numpy peer.
export const TP_LABELS = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', unit: 'dex', min: 4, max: 5 },
  { name: '[Fe/H]', unit: 'dex', min: -2, max: 1 },
];
export const TP_RANGE = { min: 4000, max: 5000 };

/** B label vectors spread over the domain (deterministic). */
export function benchLabels(batch) {
  return Array.from({ length: batch }, (_, b) => {
    const u = (b + 0.5) / batch;
    return [4000 + 2000 * u, 4 + ((u * 7) % 1), -2 + 3 * ((u * 13) % 1)];
  });
}

/** M log-uniform wavelengths over 4000–5000 Å (M = 22 315 is R = 100 000, the paper grid). */
export function benchGrid(m) {
  return Float64Array.from({ length: m }, (_, i) => 4000 * Math.pow(5000 / 4000, m === 1 ? 0 : i / (m - 1)));
}
