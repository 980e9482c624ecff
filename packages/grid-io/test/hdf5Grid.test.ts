import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GridError, readHdf5Grid } from '../src/index';

// Files written by scripts/fixtures/hdf5_grids.py with h5py (not h5wasm, which reads them); expected values are numpy's
// (np.interp onto the common grids).
const dir = fileURLToPath(new URL('./fixtures/hdf5/', import.meta.url));
const bad = (name: string) => join(dir, 'bad', name);
const E = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

function maxAbs(a: ArrayLike<number>, b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('readHdf5Grid (labels, spectra, wavelength datasets)', () => {
  it('float32 datasets at the root, label names from a label_names dataset of strings', async () => {
    const e = E.root_f32;
    const g = await readHdf5Grid(join(dir, 'grid_root_f32.h5'));
    expect(g.labelNames).toEqual(e.labelNames);
    expect(maxAbs(g.labels, e.labels.flat())).toBe(0);
    expect(Array.from(g.wavelength)).toEqual(e.wavelength);
    expect(maxAbs(g.flux, e.spectra.flat())).toBe(0);
    expect(g.flux.length).toBe(6 * 40);
    expect(g.meta).toMatchObject({ format: 'hdf5', datasets: { labels: '/labels', spectra: '/spectra' } });
  });

  it('resamples every row onto a common grid (np.interp)', async () => {
    const e = E.root_f32;
    const g = await readHdf5Grid(join(dir, 'grid_root_f32.h5'), { wavelength: Float64Array.from(e.common) });
    expect(Array.from(g.wavelength)).toEqual(e.common);
    expect(maxAbs(g.flux, e.resampled.flat())).toBeLessThan(1e-6);
    await expect(
      readHdf5Grid(join(dir, 'grid_root_f32.h5'), { wavelength: Float64Array.from([4990, 5000]) }),
    ).rejects.toThrow(/grid_root_f32\.h5: the common grid 4990–5000 Å is not inside this grid's 5000–5009\.75 Å/);
  });

  it('float64 datasets nested in /grid (chunked, gzip), label names from an attribute: by group or by dataset paths', async () => {
    const e = E.nested_f64;
    const byGroup = await readHdf5Grid(join(dir, 'grid_nested_f64.h5'), { group: '/grid' });
    const byPaths = await readHdf5Grid(join(dir, 'grid_nested_f64.h5'), {
      datasets: { labels: '/grid/labels', spectra: '/grid/spectra', wavelength: 'grid/wavelength' },
    });
    for (const g of [byGroup, byPaths]) {
      expect(g.labelNames).toEqual(e.labelNames);
      expect(maxAbs(g.labels, e.labels.flat())).toBeLessThan(5e-4); // float32 of Teff ~ 5000
      expect(Array.from(g.wavelength)).toEqual(e.wavelength); // float64 kept exactly
      expect(maxAbs(g.flux, e.spectra.flat())).toBeLessThan(1e-7); // float32 rounding of values ≤ 1
    }
    const r = await readHdf5Grid(join(dir, 'grid_nested_f64.h5'), {
      group: 'grid',
      wavelength: Float64Array.from(e.common),
      labelNames: ['a', 'b', 'c'],
    });
    expect(r.labelNames).toEqual(['a', 'b', 'c']);
    expect(maxAbs(r.flux, e.resampled.flat())).toBeLessThan(1e-6);
    // spectra read in blocks of rows (2, then 1 per read; across the 2-row gzip chunks): the same numbers
    for (const readBlockBytes of [700, 1]) {
      const b = await readHdf5Grid(join(dir, 'grid_nested_f64.h5'), { group: '/grid', readBlockBytes });
      expect(Array.from(b.flux)).toEqual(Array.from(byGroup.flux));
    }
    await expect(readHdf5Grid(join(dir, 'grid_nested_f64.h5'), { readBlockBytes: 0 })).rejects.toThrow(
      /'readBlockBytes' must be a positive number of bytes; got 0/,
    );
  });

  it("'flux' instead of 'spectra', int64 labels, big-endian wavelengths, fixed-length byte-string names", async () => {
    const e = E.flux;
    const g = await readHdf5Grid(join(dir, 'grid_flux.h5'));
    expect(g.labelNames).toEqual(e.labelNames);
    expect(Array.from(g.labels)).toEqual(e.labels.flat());
    expect(Array.from(g.wavelength)).toEqual(E.root_f32.wavelength);
    expect(maxAbs(g.flux, e.spectra.flat())).toBe(0);
    expect(g.meta.datasets).toMatchObject({ spectra: '/flux' });
  });

  it('closes the file: the same file reads again, and a copy can be replaced and deleted after reading', async () => {
    const a = await readHdf5Grid(join(dir, 'grid_root_f32.h5'));
    const b = await readHdf5Grid(join(dir, 'grid_root_f32.h5'));
    expect(Array.from(b.flux)).toEqual(Array.from(a.flux));
    const tmp = await mkdtemp(join(tmpdir(), 'h5grid-'));
    try {
      const file = join(tmp, 'g.h5');
      await copyFile(join(dir, 'grid_root_f32.h5'), file);
      await readHdf5Grid(file);
      await copyFile(join(dir, 'grid_flux.h5'), file); // same name, other content: no stale handle or cache
      expect((await readHdf5Grid(file)).labelNames).toEqual(E.flux.labelNames);
      await rm(file);
      expect(await readdir(tmp)).toEqual([]);
      await expect(readHdf5Grid(file)).rejects.toThrow(/g\.h5: no such file/);
      // a truncated file: the signature is there, the datasets are not
      await writeFile(file, (await readFile(join(dir, 'grid_root_f32.h5'))).subarray(0, 1500));
      const err = await readHdf5Grid(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GridError);
      expect((err as Error).message).toMatch(/g\.h5: HDF5 could not open the file; is it truncated or corrupt\?/);
      await expect(readHdf5Grid(join(dir, 'grid_root_f32.h5'))).resolves.toBeDefined(); // h5wasm still works after it
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('readHdf5Grid: bad input is a GridError naming the file, the dataset and what was expected', () => {
  const { N, M } = E.bad;
  const cases: Array<[string, RegExp]> = [
    [
      'no_spectra.h5',
      /no_spectra\.h5: no dataset '\/spectra' \(nor '\/flux'\) \(found in '\/': label_names, labels, wavelength\)/,
    ],
    [
      'no_wavelength.h5',
      /no_wavelength\.h5: no dataset '\/wavelength' \(found in '\/': label_names, labels, spectra\)/,
    ],
    [
      'spectra_rank3.h5',
      new RegExp(`spectra_rank3\\.h5: dataset '/spectra' must be 2-D \\(N, M\\); got shape \\(${N}, ${M}, 1\\)`),
    ],
    ['labels_rank3.h5', /labels_rank3\.h5: dataset '\/labels' must be 2-D \(N, L\); got shape \(6, 3, 1\)/],
    [
      'wavelength_rank2.h5',
      /wavelength_rank2\.h5: dataset '\/wavelength' must be 1-D \(M,\) = \(40,\); got shape \(40, 1\)/,
    ],
    [
      'n_mismatch.h5',
      /n_mismatch\.h5: dataset '\/labels' has 5 rows but '\/spectra' has 6 spectra; expected labels of shape \(6, L\)/,
    ],
    ['m_mismatch.h5', /m_mismatch\.h5: dataset '\/wavelength' has 39 wavelengths but '\/spectra' has 40 pixels/],
    [
      'wavelength_nan.h5',
      new RegExp(
        `wavelength_nan\\.h5: dataset '/wavelength' pixel ${E.bad.wavelength_nan_pixel} is NaN; expected finite`,
      ),
    ],
    [
      'wavelength_repeated.h5',
      new RegExp(
        `wavelength_repeated\\.h5: dataset '/wavelength' is not strictly increasing: pixel ${E.bad.wavelength_repeated_pixel} \\(5002\\.75 Å\\) ≤ pixel 11 \\(5002\\.75 Å\\)`,
      ),
    ],
    [
      'spectra_inf.h5',
      new RegExp(
        `spectra_inf\\.h5: dataset '/spectra' row ${E.bad.spectra_inf[0]} pixel ${E.bad.spectra_inf[1]} is Infinity`,
      ),
    ],
    [
      'spectra_strings.h5',
      /spectra_strings\.h5: dataset '\/spectra' holds strings \(HDF5 type 'A3'\); expected numbers \(float32, float64 or integers\)/,
    ],
    ['label_names_count.h5', /label_names_count\.h5: 2 label names \(Teff, logg\) for 3 label columns of '\/labels'/],
    ['not_hdf5.h5', /not_hdf5\.h5: not an HDF5 file/],
  ];
  for (const [file, message] of cases) {
    it(file, async () => {
      const err = await readHdf5Grid(bad(file)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GridError);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('a missing nested dataset or label-names dataset; a string dataset used as wavelength', async () => {
    await expect(
      readHdf5Grid(join(dir, 'grid_root_f32.h5'), { datasets: { wavelength: 'label_names' } }),
    ).rejects.toThrow(/grid_root_f32\.h5: dataset '\/label_names' has 3 wavelengths but '\/spectra' has 40 pixels/);
    await expect(readHdf5Grid(join(dir, 'grid_nested_f64.h5'), { group: '/grid/nope' })).rejects.toThrow(
      /grid_nested_f64\.h5: no dataset '\/grid\/nope\/labels' \(found in '\/grid': labels, spectra, wavelength\)/,
    );
    await expect(readHdf5Grid(join(dir, 'grid_nested_f64.h5'))).rejects.toThrow(
      /no dataset '\/labels' \(found in '\/': grid\); .*'group' or 'datasets' options/,
    );
    await expect(
      readHdf5Grid(join(dir, 'grid_nested_f64.h5'), { group: '/grid', datasets: { labelNames: 'names' } }),
    ).rejects.toThrow(/grid_nested_f64\.h5: no dataset '\/grid\/names' of label names/);
  });
});
