import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTrainingData } from '../src/loadData';

// grid-io's fixtures (scripts/fixtures/foreign_grids.py, numpy-written): the app reads an .npz grid and a FITS folder
// into training and validation sources with label bounds from the training rows.
const fixtures = fileURLToPath(new URL('../../../packages/grid-io/test/fixtures/foreign/', import.meta.url));
const synth = { R: 20_000, lambdaMin: 5000, lambdaMax: 5100, seed: 0 };

describe('astroemu-train --grid: grids of other codes', () => {
  it('a The Payne-style .npz (5 spectra, 3 labels): 3 training + 2 validation rows', async () => {
    const d = await loadTrainingData(`${fixtures}payne_grid.npz`, undefined, 2, synth);
    expect(d.train.numRows).toBe(3);
    expect(d.validation.numRows).toBe(2);
    expect(d.wavelength.length).toBe(40);
    expect(d.labelSpecs.map((s) => s.name)).toEqual(['label_0', 'label_1', 'label_2']);
    const rows = await d.train.rows([0, 1, 2]);
    for (const [k, s] of d.labelSpecs.entries())
      for (let r = 0; r < 3; r++) {
        expect(rows.labels[r * 3 + k]).toBeGreaterThanOrEqual(s.min);
        expect(rows.labels[r * 3 + k]).toBeLessThanOrEqual(s.max);
      }
  });
  it('a folder of FITS spectra needs --label-keywords or --labels-csv; with keywords it reads 4 models', async () => {
    await expect(loadTrainingData(`${fixtures}fits`, undefined, 1, synth)).rejects.toThrow(
      /--label-keywords or --labels-csv/,
    );
    const d = await loadTrainingData(`${fixtures}fits`, undefined, 1, synth, { keywords: ['TEFF', 'LOGG', 'FEH'] });
    expect(d.train.numRows + d.validation.numRows).toBe(4);
    expect(d.labelSpecs.map((s) => s.name)).toEqual(['TEFF', 'LOGG', 'FEH']);
  });
});
