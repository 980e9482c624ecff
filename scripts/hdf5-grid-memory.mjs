#!/usr/bin/env node
// Memory of readHdf5Grid with and without reading the spectra in blocks (packages/grid-io/README.md quotes it):
//   node scripts/hdf5-grid-memory.mjs [N] [M]      (needs the built grid-io: npx turbo run build --filter=@astroemu/grid-io)
// Writes an N × M float64 grid (default 2500 × 10 000: 200 MB) with h5wasm into a temporary folder, then reads it in a
// fresh process per setting (the wasm heap never shrinks) and prints the wasm heap, RSS and time after the read.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const [mode, file, arg] = process.argv.slice(2);

if (mode === '--write') {
  const h5 = await import('h5wasm/node');
  await h5.ready;
  const [N, M] = arg.split('x').map(Number);
  const f = new h5.File(file, 'w');
  f.create_dataset({ name: 'labels', data: Float64Array.from({ length: N * 3 }, (_, i) => i % 7), shape: [N, 3] });
  f.create_dataset({ name: 'spectra', data: new Float64Array(N * M).fill(1), shape: [N, M] });
  f.create_dataset({ name: 'wavelength', data: Float64Array.from({ length: M }, (_, i) => 5000 + 0.01 * i) });
  f.close();
} else if (mode === '--read') {
  const { readHdf5Grid } = await import(join(root, 'packages/grid-io/dist/index.js'));
  const h5 = await import('h5wasm/node');
  const bytes = Number(arg);
  const t = performance.now();
  const g = await readHdf5Grid(file, bytes > 0 ? { readBlockBytes: bytes } : {});
  const heap = (await h5.ready).HEAPU8.length / 2 ** 20;
  const rss = process.memoryUsage().rss / 2 ** 20;
  const label = bytes > 0 ? `readBlockBytes ${bytes}` : 'default (64 MiB blocks)';
  console.log(
    `${label.padEnd(28)} ${g.flux.length} values: wasm heap ${heap.toFixed(0)} MiB, RSS ${rss.toFixed(0)} MiB, ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
} else {
  const N = Number(process.argv[2] ?? 2500);
  const M = Number(process.argv[3] ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'h5mem-'));
  const run = (...a) => {
    const r = spawnSync(process.execPath, [import.meta.filename, ...a], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    process.stdout.write(r.stdout);
  };
  try {
    const file = join(dir, 'grid.h5');
    run('--write', file, `${N}x${M}`);
    console.log(`${N} × ${M} float64 spectra (${((N * M * 8) / 1e6).toFixed(0)} MB)`);
    run('--read', file, '0');
    run('--read', file, String(N * M * 8)); // the whole dataset in one read
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
