import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFitsFolderGrid, readNpzGrid } from '../src/index';

// Files written by scripts/fixtures/foreign_grids.py with numpy only (np.savez; FITS cards written by hand); the
// expected values are numpy's (np.interp onto the common grid).
const dir = fileURLToPath(new URL('./fixtures/foreign/', import.meta.url));
const E = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

function maxAbs(a: ArrayLike<number>, b: number[]): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('readNpzGrid (The Payne layout: labels, spectra, wavelength)', () => {
  it('reads labels (N, L), spectra (N, M) and wavelength as written by np.savez', async () => {
    const g = await readNpzGrid(join(dir, 'payne_grid.npz'), { labelNames: ['Teff', 'logg', 'FeH'] });
    expect(g.labelNames).toEqual(['Teff', 'logg', 'FeH']);
    expect(maxAbs(g.labels, E.npz.labels.flat())).toBeLessThan(1e-3); // float32 of Teff ~ 5000
    expect(Array.from(g.wavelength)).toEqual(E.npz.wavelength);
    expect(maxAbs(g.flux, E.npz.spectra.flat())).toBe(0);
  });
  it('labels stored (L, N), as The Payne keeps its training labels, and resampling onto a common grid (np.interp)', async () => {
    const g = await readNpzGrid(join(dir, 'payne_grid_LN.npz'), { wavelength: Float64Array.from(E.npz.common) });
    expect(g.labelNames).toEqual(['label_0', 'label_1', 'label_2']);
    expect(maxAbs(g.labels, E.npz.labels.flat())).toBeLessThan(1e-3);
    expect(maxAbs(g.flux, E.npz.resampled.flat())).toBeLessThan(1e-6);
  });
  it('errors name the file and the missing array or the bad shape', async () => {
    await expect(readNpzGrid(join(dir, 'payne_grid.npz'), { keys: { spectra: 'flux' } })).rejects.toThrow(
      /payne_grid\.npz: no array 'flux' \(found: .*labels.*\)/,
    );
    await expect(
      readNpzGrid(join(dir, 'payne_grid.npz'), { wavelength: Float64Array.from([4990, 5000]) }),
    ).rejects.toThrow(/not inside this grid's 5000–5010 Å/);
  });
  it("reads The Payne's own apogee_wavelength.npz as a grid axis when paired with spectra", async () => {
    const external = '/work/shared/external/the_payne/apogee_wavelength.npz';
    let bytes: Buffer;
    try {
      bytes = readFileSync(external);
    } catch {
      return; // the shared external folder is not on every machine
    }
    const { parseNpz, encodeNpz } = await import('../src/index');
    const wl = parseNpz(bytes).wavelength!.data as Float64Array;
    const tmp = await mkdtemp(join(tmpdir(), 'npzgrid-'));
    try {
      const spectra = new Float32Array(2 * wl.length).fill(1);
      await writeFile(
        join(tmp, 'g.npz'),
        encodeNpz({
          labels: { shape: [2, 1], data: Float64Array.from([1, 2]) },
          spectra: { shape: [2, wl.length], data: spectra },
          wavelength: { data: wl },
        }),
      );
      const g = await readNpzGrid(join(tmp, 'g.npz'));
      expect(g.wavelength.length).toBe(7214);
      expect(g.wavelength[0]).toBe(wl[0]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('readFitsFolderGrid (one model per FITS file)', () => {
  const fitsDir = join(dir, 'fits');
  it('labels from header keywords; every spectrum resampled onto the common grid (np.interp)', async () => {
    const g = await readFitsFolderGrid(fitsDir, {
      keywords: ['TEFF', 'LOGG', 'FEH'],
      labelNames: ['Teff', 'logg', 'FeH'],
      wavelength: Float64Array.from(E.fits.common),
    });
    expect(g.meta.files).toEqual(E.fits.files);
    expect(maxAbs(g.labels, E.fits.labels.flat())).toBeLessThan(1e-3);
    expect(maxAbs(g.flux, E.fits.resampled.flat())).toBeLessThan(1e-5);
  });
  it("labels from a CSV (file, Teff, logg, FeH); the default common grid: the first file's pixels that every file covers", async () => {
    const g = await readFitsFolderGrid(fitsDir, { labelsCsv: join(fitsDir, 'labels.csv') });
    expect(g.labelNames).toEqual(['Teff', 'logg', 'FeH']);
    expect(maxAbs(g.labels, E.fits.labels.flat())).toBeLessThan(1e-3);
    // file k starts at 4999.5 + 0.1 k and spans 11 Å: the overlap is [4999.8, 5010.5]; file 0 has 60 pixels of 11/59 Å
    const first = Array.from({ length: 60 }, (_, i) => 4999.5 + (i * 11) / 59).filter(
      (w) => w >= 4999.8 - 1e-9 && w <= 5010.5 + 1e-9,
    );
    expect(g.wavelength.length).toBe(first.length);
    expect(maxAbs(g.wavelength, first)).toBeLessThan(1e-4);
  });
  it('a missing keyword or CSV line is an error naming the file', async () => {
    await expect(readFitsFolderGrid(fitsDir, { keywords: ['TEFF', 'VMIC'] })).rejects.toThrow(
      /model_00\.fits: header keyword 'VMIC' is missing; expected a number/,
    );
    const tmp = await mkdtemp(join(tmpdir(), 'fitsgrid-'));
    try {
      await mkdir(join(tmp, 'g'));
      await copyFile(join(fitsDir, 'model_00.fits'), join(tmp, 'g', 'model_00.fits'));
      await writeFile(join(tmp, 'labels.csv'), 'file,Teff\nother.fits,5000\n');
      await expect(readFitsFolderGrid(join(tmp, 'g'), { labelsCsv: join(tmp, 'labels.csv') })).rejects.toThrow(
        /labels\.csv: no line for file 'model_00\.fits'/,
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
