import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmulator } from '@astroemu/emulator-core';
import { registerBuiltInKinds } from '@astroemu/emulators';
import { loadTrainingData } from '../src/loadData';
import { main } from '../src/main';
import { captureIo } from './captureIo';

// grid-io's HDF5 fixtures (scripts/fixtures/hdf5_grids.py, written with h5py): 6 spectra × 40 pixels, 3 labels; one
// float32 file with everything at the root, one float64 file with the datasets under /grid.
const fixtures = fileURLToPath(new URL('../../../packages/grid-io/test/fixtures/hdf5/', import.meta.url));
const E = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8'));
const synth = { R: 20_000, lambdaMin: 5000, lambdaMax: 5100, seed: 0 };

let root: string;
beforeAll(async () => {
  registerBuiltInKinds();
  root = await mkdtemp(join(tmpdir(), 'train-h5-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('astroemu-train --grid <file.h5>', () => {
  it('loads the root float32 layout: 4 training + 2 validation rows, label bounds of the whole grid', async () => {
    const d = await loadTrainingData(`${fixtures}grid_root_f32.h5`, undefined, 2, synth);
    expect(d.train.numRows).toBe(4);
    expect(d.validation.numRows).toBe(2);
    expect(Array.from(d.wavelength)).toEqual(E.root_f32.wavelength);
    expect(d.labelSpecs.map((s) => s.name)).toEqual(['Teff', 'logg', 'FeH']);
    for (const [k, s] of d.labelSpecs.entries()) {
      const col = (E.root_f32.labels as number[][]).map((r) => r[k]!);
      expect(s.min).toBe(Math.min(...col));
      expect(s.max).toBe(Math.max(...col));
    }
    const rows = await d.train.rows([0, 1, 2, 3]);
    // every training row is one of the file's rows, flux included (float32 exactly)
    const fileRows = E.root_f32.spectra as number[][];
    for (let r = 0; r < 4; r++) {
      const flux = Array.from(rows.flux.subarray(r * 40, (r + 1) * 40));
      expect(fileRows.some((s) => s.every((v, i) => v === flux[i]))).toBe(true);
    }
  });

  it('the nested float64 layout needs its group; the error names the file and the dataset', async () => {
    await expect(loadTrainingData(`${fixtures}grid_nested_f64.h5`, undefined, 2, synth)).rejects.toThrow(
      /grid_nested_f64\.h5: no dataset '\/labels' \(found in '\/': grid\)/,
    );
    const d = await loadTrainingData(`${fixtures}grid_nested_f64.h5`, undefined, 2, synth, {
      hdf5: { group: '/grid' },
    });
    expect(Array.from(d.wavelength)).toEqual(E.nested_f64.wavelength);
    expect(d.labelSpecs.map((s) => s.name)).toEqual(['Teff', 'logg', 'FeH']);
  });

  it('trains a Payne for 2 steps from the CLI (dataset paths as flags) and exports a bundle with the file’s labels', async () => {
    const out = join(root, 'payne-h5');
    const io = captureIo();
    const args = ['--model', 'payne', '--grid', `${fixtures}grid_nested_f64.h5`, '--n-val', '2', '--steps', '2'];
    const flags = [
      '--hdf5-labels',
      '/grid/labels',
      '--hdf5-spectra',
      'grid/spectra',
      '--hdf5-wavelength',
      '/grid/wavelength',
    ];
    expect(await main([...args, '--batch', '2', '--out', out, ...flags], io), io.stderr.join('\n')).toBe(0);
    expect(io.stderr.join('\n')).toMatch(
      /grid .*grid_nested_f64\.h5 \(6 spectra, 40 pixels, 3 labels\); 4 training \+ 2 validation spectra/,
    );
    expect((await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n').length).toBeGreaterThan(0);
    const emulator = await loadEmulator(join(out, 'best-mae'));
    expect(emulator.labels.map((l) => l.name)).toEqual(['Teff', 'logg', 'FeH']);
    // the emulator's domain is the grid's (float32 labels): validation rows lie inside it
    (E.nested_f64.labels as number[][])[0]!.forEach((_, k) => {
      const col = (E.nested_f64.labels as number[][]).map((r) => r[k]!);
      expect(emulator.labels[k]!.min).toBeCloseTo(Math.min(...col), 2);
      expect(emulator.labels[k]!.max).toBeCloseTo(Math.max(...col), 2);
    });
    emulator.dispose();

    const bad = captureIo();
    const code = await main([...args, '--batch', '2', '--out', join(root, 'bad'), '--hdf5-group', '/nope'], bad);
    expect(code).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/grid_nested_f64\.h5: no dataset '\/nope\/labels' \(found in '\/': grid\)/);
  });
});
