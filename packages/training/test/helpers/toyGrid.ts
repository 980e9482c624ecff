/** A small analytic grid (absorption lines whose depths and positions depend on 3 labels) held in memory. */
import { inMemorySource } from '../../src/inMemorySource';
import type { TrainingDataSource } from '../../src/TrainingDataSource';
import { mulberry32 } from '@astroemu/random';

export const TOY_LABELS = [
  { name: 'a', min: 0, max: 1 },
  { name: 'b', min: -1, max: 1 },
  { name: 'c', min: 4000, max: 6000 },
];

const mulberry = mulberry32;

export function toyWavelength(M = 24): Float64Array {
  return Float64Array.from({ length: M }, (_, i) => 5000 + (i * 23) / (M - 1));
}

export function toyGrid(n: number, seed: number, M = 24): TrainingDataSource {
  const rand = mulberry(seed);
  const wavelength = toyWavelength(M);
  const labels = new Float32Array(n * 3);
  const flux = new Float32Array(n * M);
  for (let r = 0; r < n; r++) {
    const a = rand();
    const b = -1 + 2 * rand();
    const c = 4000 + 2000 * rand();
    labels.set([a, b, c], r * 3);
    const t = (c - 4000) / 2000;
    for (let i = 0; i < M; i++) {
      const x = wavelength[i]!;
      const g = (center: number, width: number) => Math.exp(-((x - center) ** 2) / (2 * width * width));
      flux[r * M + i] = 1 - 0.5 * a * g(5006, 1.5) - 0.25 * (1 + b) * g(5012 + t, 1.2) - 0.3 * t * g(5018, 2);
    }
  }
  return inMemorySource({ labelNames: ['a', 'b', 'c'], labels, wavelength, flux });
}
