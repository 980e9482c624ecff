#!/usr/bin/env node
// Cramér–Rao screening on the synth itself (no emulator): which of the 100 labels can a spectrum of the default
// synth grid (R = 100 000, 4000–5000 Å, 22 315 px) constrain to better than a threshold at a given S/N?
// Jacobian by central differences of @astroemu/synth in physical units (step: 1/300 of each label's range), Fisher
// matrices and bounds by @astroemu/crb. Needs the built packages (npm run build).
// Usage: node scripts/crb-synth.mjs [--n 100] [--snr 100] [--threshold 0.05] [--seed 7]
import { crbBounds, fisherMatrix } from '@astroemu/crb';
import { LABEL_NAMES, createSynthesizer, makeGrid } from '@astroemu/synth';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('--n', 100);
const snr = arg('--snr', 100);
const threshold = arg('--threshold', 0.05);
const seed = arg('--seed', 7);

const synth = createSynthesizer();
const grid = makeGrid({ kind: 'validation', n, seed, synthesizer: synth });
const M = synth.wavelength.length;
const L = LABEL_NAMES.length;
const ranges = LABEL_NAMES.map((name, l) => {
  if (l === 0) return 2000; // Teff [4000, 6000] K
  if (l === 1) return 1; // logg [4, 5]
  if (l === 2) return 0.1568; // He
  return 3; // [X/H] ∈ [−2, 1]
});
const plus = new Float32Array(M);
const minus = new Float32Array(M);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const bounds = LABEL_NAMES.map(() => []);
const t0 = performance.now();
const chunk = 5;
for (let start = 0; start < n; start += chunk) {
  const B = Math.min(chunk, n - start);
  const values = new Float64Array(B * M * L);
  const flux = new Float64Array(B * M);
  for (let b = 0; b < B; b++) {
    const x = Float64Array.from(grid.labels(start + b));
    const f0 = synth.synthesize(x);
    flux.set(f0, b * M);
    for (let l = 0; l < L; l++) {
      const h = ranges[l] / 300;
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[l] += h;
      xm[l] -= h;
      synth.synthesize(xp, plus);
      synth.synthesize(xm, minus);
      for (let m = 0; m < M; m++) values[(b * M + m) * L + l] = (plus[m] - minus[m]) / (2 * h);
    }
  }
  const fisher = fisherMatrix({ batch: B, pixels: M, labelNames: [...LABEL_NAMES], values, flux }, { snr });
  const crb = crbBounds(fisher);
  for (let b = 0; b < B; b++) for (let l = 0; l < L; l++) bounds[l].push(crb.marginal[b * L + l]);
  process.stderr.write(`\r${start + B}/${n} label vectors`);
}
process.stderr.write('\n');
const rows = LABEL_NAMES.map((name, l) => ({ name, median: median(bounds[l]) }));
const abundances = rows.slice(3);
const selected = abundances.filter((r) => r.median < threshold);
const withLines = abundances.filter((r) => Number.isFinite(r.median));
console.log(`| label | median σ (CRB, S/N ${snr}) | selected (< ${threshold}) |\n|---|---|---|`);
for (const r of rows)
  console.log(
    `| ${r.name} | ${Number.isFinite(r.median) ? r.median.toPrecision(3) : '∞ (no lines)'} | ${r.median < threshold ? 'yes' : ''} |`,
  );
console.log(
  `\n${selected.length} of 97 abundances selected (${withLines.length} have lines); ${n} validation label vectors, ` +
    `${M} pixels, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
console.log(`selected: ${selected.map((r) => r.name).join(', ')}`);
