// Benchmark: spectra per second at 22 315 pixels on one core, and time to write a Parquet grid.
// Imports the BUILT package (run `npx tsup` in packages/synth, and build @astroemu/grid-io, first).
// Usage: npm run bench -- --only synth [--grid N]   (prints a table and BENCH_JSON)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSynthesizer, makeGrid, writeSyntheticGrid } from '@astroemu/synth';

const gridAt = process.argv.indexOf('--grid');
const gridN = gridAt >= 0 ? Number(process.argv[gridAt + 1]) : 0;
const synth = createSynthesizer();
const grid = makeGrid({ kind: 'train', n: 1000, seed: 1, synthesizer: synth });
const out = new Float32Array(synth.wavelength.length);
for (let i = 0; i < 50; i++) grid.spectrum(i, out); // warm-up
const n = 500;
const t0 = performance.now();
for (let i = 0; i < n; i++) grid.spectrum(i, out);
const perSecond = (n / (performance.now() - t0)) * 1000;
const figures = { synth_spectra_per_s: Math.round(perSecond) };
const rows = [`| spectra/s at ${synth.wavelength.length} px (one core, train domain) | ${perSecond.toFixed(0)} |`];
if (gridN > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'synth-bench-'));
  try {
    const file = join(dir, 'train.parquet');
    const t1 = performance.now();
    await writeSyntheticGrid(makeGrid({ kind: 'train', n: gridN, seed: 1, synthesizer: synth }), file);
    const s = (performance.now() - t1) / 1000;
    figures[`synth_parquet_${gridN}_s`] = Number(s.toFixed(1));
    rows.push(
      `| write ${gridN}-spectrum Parquet grid (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) [s] | ${s.toFixed(1)} |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log('| synth | value |\n|---|---|\n' + rows.join('\n'));
console.log('BENCH_JSON ' + JSON.stringify(figures));
if (perSecond < 200) process.exitCode = 1;
