import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gridApi from '../src/grid/index';
import {
  GridError,
  createGridWriter,
  encodeGrid,
  openGrid,
  readGrid,
  splitIndices,
  writeGrid,
  type GridFormat,
  type SpectralGrid,
} from '../src/grid/index';

const fixture = (name: string) => new URL(`./fixtures/grid/${name}`, import.meta.url);

function makeGrid(N: number, M: number, withIvar = true): SpectralGrid {
  const L = 3;
  const labels = new Float32Array(N * L);
  const flux = new Float32Array(N * M);
  const ivar = new Float32Array(N * M);
  for (let i = 0; i < N; i++) {
    labels[i * L] = 4000 + i;
    labels[i * L + 1] = 4.5 - i / 100;
    labels[i * L + 2] = -1 + i / 7;
    for (let j = 0; j < M; j++) {
      flux[i * M + j] = Math.fround(1 - 0.5 * Math.exp(-((j - (i % M)) ** 2) / 9) + i * 1e-7);
      ivar[i * M + j] = i + j / M;
    }
  }
  const wavelength = new Float64Array(M);
  for (let j = 0; j < M; j++) wavelength[j] = 4000 * Math.exp(j / 100000) + 1e-9 * Math.PI;
  return {
    labelNames: ['Teff', 'logg', '[Fe/H]'],
    labels,
    wavelength,
    flux,
    ...(withIvar ? { ivar } : {}),
    meta: { medium: 'vacuum', provenance: { code: 'test', seed: 1 } },
  };
}

function expectSameRows(got: SpectralGrid, want: SpectralGrid, rows: number[]) {
  const L = want.labelNames.length;
  const M = want.wavelength.length;
  expect(got.labels.length).toBe(rows.length * L);
  rows.forEach((r, i) => {
    expect(got.labels.subarray(i * L, (i + 1) * L)).toEqual(want.labels.subarray(r * L, (r + 1) * L));
    expect(got.flux.subarray(i * M, (i + 1) * M)).toEqual(want.flux.subarray(r * M, (r + 1) * M));
    if (want.ivar) expect(got.ivar!.subarray(i * M, (i + 1) * M)).toEqual(want.ivar.subarray(r * M, (r + 1) * M));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grid-io-grid-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('grid public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(gridApi).sort()).toEqual(
      [
        'GRID_FORMAT_VERSION',
        'GRID_METADATA_KEY',
        'GridError',
        'createGridWriter',
        'encodeGrid',
        'openGrid',
        'readGrid',
        'splitIndices',
        'writeGrid',
      ].sort(),
    );
  });
});

describe.each<GridFormat>(['arrow', 'parquet'])('%s grids', (format) => {
  const ext = format === 'arrow' ? 'arrow' : 'parquet';
  const grid = makeGrid(53, 40);

  it('round-trips a whole grid through a file, exactly (labels, flux, ivar, wavelength, meta)', async () => {
    const path = join(dir, `whole.${ext}`);
    const res = await writeGrid(path, grid, { rowGroupSize: 10 });
    expect(res).toEqual({ path, format, numRows: 53 });
    const back = await readGrid(path);
    expect(back.labelNames).toEqual(grid.labelNames);
    expect(back.wavelength).toEqual(grid.wavelength);
    expect(back.labels).toEqual(grid.labels);
    expect(back.flux).toEqual(grid.flux);
    expect(back.ivar).toEqual(grid.ivar);
    expect(back.meta).toEqual(grid.meta);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('round-trips bytes (browser path) without ivar, NaN and ±Inf flux kept', async () => {
    const g = makeGrid(5, 7, false);
    g.flux[3] = NaN;
    g.flux[4] = Infinity;
    g.flux[5] = -Infinity;
    const bytes = await encodeGrid(g, { format, rowGroupSize: 2 });
    const back = await readGrid(bytes.buffer.slice(0) as ArrayBuffer);
    expect(back.ivar).toBeUndefined();
    expect(back.flux).toEqual(g.flux);
    const h = await openGrid(bytes);
    expect(h.format).toBe(format);
    expect(h.chunkSizes).toEqual([2, 2, 1]);
    await h.close();
  });

  it('gives random access by row index (unordered, repeated) and rebatches', async () => {
    const path = join(dir, `random.${ext}`);
    await writeGrid(path, grid, { rowGroupSize: 8 });
    const h = await openGrid(path);
    expect(h.numRows).toBe(53);
    expect(h.hasIvar).toBe(true);
    const idx = [52, 0, 17, 17, 8, 7, 33];
    expectSameRows(await h.rows(idx), grid, idx);
    const sizes: number[] = [];
    let at = 0;
    for await (const b of h.batches(12)) {
      const n = b.labels.length / 3;
      sizes.push(n);
      expectSameRows(
        b,
        grid,
        Array.from({ length: n }, (_, i) => at + i),
      );
      at += n;
    }
    expect(sizes).toEqual([12, 12, 12, 12, 5]);
    await expect(h.rows([0, 53])).rejects.toThrow(/indices\[1\] = 53.*|\[0, 53\).*indices\[1\] = 53/);
    await expect(h.rows([-1])).rejects.toThrow(GridError);
    await h.close();
  });

  it('streams batches from an async generator with a streaming writer', async () => {
    const path = join(dir, `stream.${ext}`);
    const w = await createGridWriter(path, {
      labelNames: grid.labelNames,
      wavelength: grid.wavelength,
      ivar: true,
      rowGroupSize: 16,
    });
    for (let s = 0; s < 53; s += 7) {
      const e = Math.min(53, s + 7);
      await w.write({
        labels: grid.labels.slice(s * 3, e * 3),
        flux: grid.flux.slice(s * 40, e * 40),
        ivar: grid.ivar!.slice(s * 40, e * 40),
      });
    }
    expect(w.numRows).toBe(53);
    await expect(readdir(dir)).resolves.not.toContain(`stream.${ext}`);
    await w.close();
    const h = await openGrid(path);
    expect(h.chunkSizes).toEqual([16, 16, 16, 5]);
    await h.close();
    const back = await readGrid(path);
    expect(back.flux).toEqual(grid.flux);
    // generator form of writeGrid, header from the first batch
    async function* gen() {
      yield {
        ...grid,
        labels: grid.labels.slice(0, 30),
        flux: grid.flux.slice(0, 400),
        ivar: grid.ivar!.slice(0, 400),
      };
      yield { labels: grid.labels.slice(30), flux: grid.flux.slice(400), ivar: grid.ivar!.slice(400) };
    }
    const path2 = join(dir, `gen.${ext}`);
    expect((await writeGrid(path2, gen())).numRows).toBe(53);
    expect((await readGrid(path2)).labels).toEqual(grid.labels);
  });

  it('rejects bad batches with a typed error and leaves no file behind', async () => {
    const path = join(dir, `bad.${ext}`);
    async function* gen() {
      yield { ...grid, labels: grid.labels.slice(0, 3), flux: grid.flux.slice(0, 40), ivar: grid.ivar!.slice(0, 40) };
      yield { labels: grid.labels.slice(0, 3), flux: grid.flux.slice(0, 39), ivar: grid.ivar!.slice(0, 40) };
    }
    await expect(writeGrid(path, gen())).rejects.toThrow(
      /bad\.(arrow|parquet): 'flux' length must be 1 rows × 40 pixels = 40; got 39/,
    );
    const left = await readdir(dir);
    expect(left.filter((f) => f.startsWith('bad.') || f.includes('bad.'))).toEqual([]);
  });
});

describe('grid validation', () => {
  const g = makeGrid(2, 5);
  it('names the file and field in errors', async () => {
    await expect(writeGrid(join(dir, 'x.csv'), g)).rejects.toThrow(
      /x\.csv: cannot tell the grid format from extension '\.csv'/,
    );
    await expect(writeGrid(join(dir, 'x.arrow'), { ...g, labelNames: ['Teff', 'flux', 'a'] })).rejects.toThrow(
      /label name 'flux' is reserved/,
    );
    await expect(writeGrid(join(dir, 'x.arrow'), { ...g, labelNames: ['a', 'a', 'b'] })).rejects.toThrow(
      /'a' appears twice/,
    );
    const w = Float64Array.from([1, 2, 3, 3, 4]);
    await expect(writeGrid(join(dir, 'x.arrow'), { ...g, wavelength: w })).rejects.toThrow(
      /'wavelength' must be strictly increasing; pixel 3 \(3 Å\) ≤ pixel 2 \(3 Å\)/,
    );
    await expect(
      writeGrid(join(dir, 'x.arrow'), { ...g, wavelength: Float64Array.from([1, 2, NaN, 4, 5]) }),
    ).rejects.toThrow(/pixel 2 is NaN/);
    await expect(writeGrid(join(dir, 'x.arrow'), { ...g, labels: new Float32Array(5) })).rejects.toThrow(
      /'labels' length must be a multiple of 3 labels; got 5/,
    );
  });
  it('rejects files that are not astroemu grids', async () => {
    const foreign = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'a', data: [1, 2], type: 'DOUBLE' }] }));
    await expect(openGrid(foreign)).rejects.toThrow(
      /not an astroemu grid; schema metadata 'astroemu\.grid' is missing/,
    );
    await expect(openGrid(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).rejects.toThrow(
      /<buffer>: not a Parquet or Arrow IPC file/,
    );
  });
});

describe('independent readers (cross-checks)', () => {
  const g = makeGrid(9, 6);
  it('Arrow IPC file: magic, footer and columns read back by apache-arrow tableFromIPC', async () => {
    const bytes = await encodeGrid(g, { format: 'arrow', rowGroupSize: 4 });
    const text = (a: Uint8Array) => String.fromCharCode(...a);
    expect(text(bytes.subarray(0, 6))).toBe('ARROW1');
    expect(text(bytes.subarray(bytes.length - 6))).toBe('ARROW1');
    const footerLen = new DataView(bytes.buffer, bytes.byteOffset).getInt32(bytes.length - 10, true);
    expect(footerLen).toBeGreaterThan(0);
    expect(footerLen).toBeLessThan(bytes.length);
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(9);
    expect(table.batches.length).toBe(3);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'Teff:Float32',
      'logg:Float32',
      '[Fe/H]:Float32',
      'flux:FixedSizeList[6]<Float32>',
      'ivar:FixedSizeList[6]<Float32>',
    ]);
    expect(Array.from(table.getChild('logg')!.toArray() as Float32Array)).toEqual(
      Array.from({ length: 9 }, (_, i) => g.labels[i * 3 + 1]),
    );
    expect(Array.from(table.getChild('flux')!.get(7)!.toArray() as Float32Array)).toEqual(
      Array.from(g.flux.subarray(42, 48)),
    );
    const meta = JSON.parse(table.schema.metadata.get('astroemu.grid')!);
    expect(meta.wavelength).toEqual(Array.from(g.wavelength));
    expect(meta.meta.medium).toBe('vacuum');
  });
  it('Parquet (hyparquet-writer) read by hyparquet generic row reader: LIST<FLOAT> columns, key-value metadata', async () => {
    for (const compression of ['none', 'snappy'] as const) {
      const bytes = await encodeGrid(g, { format: 'parquet', rowGroupSize: 4, compression });
      const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const md = parquetMetadata(ab);
      expect(md.row_groups.map((r) => Number(r.num_rows))).toEqual([4, 4, 1]);
      expect(md.schema.map((s) => s.name)).toEqual([
        'schema',
        'Teff',
        'logg',
        '[Fe/H]',
        'flux',
        'list',
        'element',
        'ivar',
        'list',
        'element',
      ]);
      const rows = await parquetReadObjects({ file: ab });
      expect(rows[7]!.flux).toEqual(Array.from(g.flux.subarray(42, 48)));
      expect(rows[8]!.Teff).toBe(g.labels[24]);
      expect(rows[3]!.ivar).toEqual(Array.from(g.ivar!.subarray(18, 24)));
    }
  });
});

describe('splitIndices', () => {
  it('matches an independent Python implementation of the documented algorithm', async () => {
    const cases = JSON.parse(await readFile(fixture('split_indices.json'), 'utf8')) as {
      n: number;
      k: number;
      seed: number;
      train: number[];
      validation: number[];
    }[];
    for (const c of cases) {
      expect(splitIndices(c.n, { validationSize: c.k, seed: c.seed })).toEqual({
        train: c.train,
        validation: c.validation,
      });
    }
  });
  it('is deterministic by seed, disjoint and complete', () => {
    const a = splitIndices(1000, { validationFraction: 0.1, seed: 7 });
    expect(splitIndices(1000, { validationFraction: 0.1, seed: 7 })).toEqual(a);
    expect(splitIndices(1000, { validationFraction: 0.1, seed: 8 }).validation).not.toEqual(a.validation);
    expect(a.validation.length).toBe(100);
    expect([...a.train, ...a.validation].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(() => splitIndices(10, { validationFraction: 1.5, seed: 1 })).toThrow(
      /'validationFraction' must be in \[0, 1\]; got 1.5/,
    );
    expect(() => splitIndices(10, { validationSize: 11, seed: 1 })).toThrow(
      /'validationSize' must be an integer in \[0, 10\]; got 11/,
    );
    expect(() => splitIndices(10, { seed: 1 })).toThrow(GridError);
  });
});
