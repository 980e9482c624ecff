import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeGrid, writeSyntheticGrid, LABEL_NAMES, LABEL_SPECS, createSynthesizer } from '../src/index';

const synthesizer = createSynthesizer({ R: 5000 });

describe('makeGrid', () => {
  it('draws labels uniformly inside the kind domain, float32-exact, reproducibly', () => {
    const g = makeGrid({ kind: 'train', n: 200, seed: 3, synthesizer });
    const again = makeGrid({ kind: 'train', n: 200, seed: 3, synthesizer });
    for (let i = 0; i < 200; i++) {
      const l = g.labels(i);
      expect(Array.from(again.labels(i))).toEqual(Array.from(l));
      for (let k = 0; k < l.length; k++) {
        expect(l[k]).toBe(Math.fround(l[k] as number));
        expect(l[k]).toBeGreaterThanOrEqual(LABEL_SPECS[k]!.min);
        expect(l[k]).toBeLessThanOrEqual(LABEL_SPECS[k]!.max);
      }
    }
    const fe = Array.from({ length: 200 }, (_, i) => g.labels(i)[LABEL_NAMES.indexOf('Fe')] as number);
    expect(Math.min(...fe)).toBeLessThan(-1.8);
    expect(Math.max(...fe)).toBeGreaterThan(0.8);
  });
  it('pretrain fixes Teff = 5000, logg = 4.5; validation differs from train', () => {
    const p = makeGrid({ kind: 'pretrain', n: 5, seed: 1, synthesizer });
    expect(p.labels(3)[0]).toBe(5000);
    expect(p.labels(3)[1]).toBe(4.5);
    const t = makeGrid({ kind: 'train', n: 5, seed: 1, synthesizer });
    const v = makeGrid({ kind: 'validation', n: 5, seed: 1, synthesizer });
    expect(v.labels(0)[0]).not.toBe(t.labels(0)[0]);
  });
  it('same seed → bit-identical spectra; different seeds → different spectra', () => {
    const a = makeGrid({ kind: 'train', n: 4, seed: 9, synthesizer }).batch([0, 1, 2, 3]);
    const b = makeGrid({ kind: 'train', n: 4, seed: 9, synthesizer }).batch([0, 1, 2, 3]);
    const c = makeGrid({ kind: 'train', n: 4, seed: 10, synthesizer }).batch([0, 1, 2, 3]);
    expect(Buffer.from(a.flux.buffer).equals(Buffer.from(b.flux.buffer))).toBe(true);
    expect(Buffer.from(a.flux.buffer).equals(Buffer.from(c.flux.buffer))).toBe(false);
  });
  it('batch returns a SpectralGrid whose rows equal spectrum(i) and labels(i)', () => {
    const g = makeGrid({ kind: 'train', n: 10, seed: 2, synthesizer });
    const m = g.wavelength.length;
    const b = g.batch([7, 2]);
    expect(b.labelNames).toEqual([...LABEL_NAMES]);
    expect(b.labels.length).toBe(2 * 100);
    expect(b.flux.length).toBe(2 * m);
    expect(Array.from(b.flux.subarray(0, m))).toEqual(Array.from(g.spectrum(7)));
    expect(Array.from(b.labels.subarray(100, 200))).toEqual(Array.from(g.labels(2)));
    expect([...g.batches(4)].map((x) => x.labels.length / 100)).toEqual([4, 4, 2]);
  });
  it('rejects bad arguments naming them', () => {
    expect(() => makeGrid({ kind: 'test' as never, n: 1 })).toThrow(
      /Argument 'kind' passed to 'makeGrid' must be one of 'train', 'pretrain', 'validation'; got "test"/,
    );
    expect(() => makeGrid({ kind: 'train', n: -1 })).toThrow(/Argument 'n' passed to 'makeGrid'.*got -1/);
    expect(() => makeGrid({ kind: 'train', n: 3, synthesizer }).spectrum(3)).toThrow(
      /Argument 'i' passed to 'spectrum' must be an integer row in \[0, 3\); got 3/,
    );
  });
});

describe('writeSyntheticGrid (grid-io Parquet / Arrow)', () => {
  for (const ext of ['parquet', 'arrow']) {
    it(`round-trips labels and flux through ${ext}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'synth-'));
      try {
        const g = makeGrid({ kind: 'train', n: 7, seed: 5, synthesizer });
        const seen: number[] = [];
        const res = await writeSyntheticGrid(g, join(dir, `g.${ext}`), {
          batchSize: 3,
          onProgress: (d) => seen.push(d),
        });
        expect(res.numRows).toBe(7);
        expect(seen).toEqual([3, 6, 7]);
        const { readGrid } = await import('@astroemu/grid-io');
        const back = await readGrid(join(dir, `g.${ext}`));
        expect(back.labelNames).toEqual([...LABEL_NAMES]);
        expect(Array.from(back.wavelength)).toEqual(Array.from(g.wavelength));
        const all = g.batch([0, 1, 2, 3, 4, 5, 6]);
        expect(
          Buffer.from(back.flux.buffer, back.flux.byteOffset, back.flux.byteLength).equals(
            Buffer.from(all.flux.buffer),
          ),
        ).toBe(true);
        expect(Array.from(back.labels)).toEqual(Array.from(all.labels));
        expect(back.meta['kind']).toBe('train');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
