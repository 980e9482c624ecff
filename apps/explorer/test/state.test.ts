import { parseSpectrum, type Spectrum } from '@astroemu/grid-io';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attentionAt, attentionColour } from '../src/state/attentionView';
import { bundleBaseUrl, bundleFilesFromPicked, parseManifest } from '../src/state/bundleSource';
import { defaultFitLabels, fitRows, fixedLabels, formatWithSigma } from '../src/state/fitPlan';
import { initialLabels, labelTitle, remapLabels, setLabel, sliderStep, stepDecimals } from '../src/state/labelState';
import { prepareObserved } from '../src/state/observedSpectrum';
import { residualOnGrid } from '../src/state/residuals';
import { MAX_GRID_PIXELS, nearestIndex, userWavelengthGrid } from '../src/state/wavelengthGrid';

const SPECS = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', unit: 'dex', min: 4, max: 5 },
  { name: 'Fe', unit: 'dex', min: -2, max: 1 },
];

describe('labelState', () => {
  it('starts in the middle of the box and clamps changes into the bounds', () => {
    const v = initialLabels(SPECS);
    expect(Array.from(v)).toEqual([5000, 4.5, -0.5]);
    const w = setLabel(v, SPECS, 0, 9000);
    expect(w[0]).toBe(6000);
    expect(v[0]).toBe(5000); // not mutated
    expect(setLabel(v, SPECS, 2, -7)[2]).toBe(-2);
    expect(setLabel(v, SPECS, 1, NaN)[1]).toBe(4.5);
    expect(() => setLabel(v, SPECS, 3, 1)).toThrow(/label index 3 is outside 0…2/);
  });

  it('picks readable slider steps', () => {
    expect(sliderStep(SPECS[0]!)).toBe(10);
    expect(sliderStep(SPECS[1]!)).toBe(0.005);
    expect(sliderStep(SPECS[2]!)).toBeCloseTo(0.01, 12);
    expect(stepDecimals(10)).toBe(0);
    expect(stepDecimals(0.005)).toBe(3);
    expect(stepDecimals(0.01)).toBe(2);
    expect(labelTitle(SPECS[0]!)).toBe('Teff [K]');
    expect(labelTitle({ name: 'x', min: 0, max: 1 })).toBe('x');
  });

  it('remaps values by name onto another label list', () => {
    const to = [SPECS[2]!, { name: 'Mg', min: -1, max: 1 }, SPECS[0]!];
    expect(Array.from(remapLabels(SPECS, Float64Array.of(4500, 4.2, 0.5), to))).toEqual([0.5, 0, 4500]);
  });
});

describe('wavelengthGrid', () => {
  it('builds a log-uniform grid clipped to the emulator domain', () => {
    const g = userWavelengthGrid({ min: 3900, max: 4100, R: 1000 }, { min: 4000, max: 5000 });
    expect(g[0]).toBe(4000);
    expect(g.length).toBe(Math.floor(1000 * Math.log(4100 / 4000)) + 1);
    expect(g[1]! / g[0]!).toBeCloseTo(Math.exp(1 / 1000), 12);
    expect(g[g.length - 1]).toBeLessThanOrEqual(4100);
  });

  it('rejects bad requests with messages for the page', () => {
    expect(() => userWavelengthGrid({ min: 6000, max: 7000, R: 1000 }, { min: 4000, max: 5000 })).toThrow(
      /does not overlap the emulator's 4000–5000 Å/,
    );
    expect(() => userWavelengthGrid({ min: 4000, max: 5000, R: 0 }, { min: 4000, max: 5000 })).toThrow(
      /resolving power must be a positive number/,
    );
    expect(() => userWavelengthGrid({ min: 4000, max: 5000, R: 1e6 }, { min: 4000, max: 5000 })).toThrow(
      new RegExp(`at most ${MAX_GRID_PIXELS}`),
    );
  });

  it('finds the nearest grid point', () => {
    const g = Float64Array.of(1, 2, 4, 8);
    expect(nearestIndex(g, 0)).toBe(0);
    expect(nearestIndex(g, 2.9)).toBe(1);
    expect(nearestIndex(g, 3.1)).toBe(2);
    expect(nearestIndex(g, 100)).toBe(3);
    expect(nearestIndex(new Float64Array(0), 1)).toBe(-1);
  });
});

describe('bundleSource', () => {
  it('parses the manifest and rejects malformed ones', () => {
    const m = parseManifest({
      bundles: [
        {
          id: 'tp-small',
          title: 'TP',
          kind: 'transformer-payne',
          trained: true,
          files: ['config.json', 'weights.safetensors'],
        },
        { id: 'x' },
      ],
    });
    expect(m[0]).toEqual({
      id: 'tp-small',
      title: 'TP',
      kind: 'transformer-payne',
      trained: true,
      files: ['config.json', 'weights.safetensors'],
    });
    expect(m[1]!.files).toContain('integrity.json');
    expect(() => parseManifest({})).toThrow(/must hold \{"bundles"/);
    expect(() => parseManifest({ bundles: [{ id: '../etc' }] })).toThrow(/bundle 0 needs an id/);
  });

  it('the shipped manifest lists bundles that exist and stay small', () => {
    const dir = new URL('../public/bundles/', import.meta.url);
    const entries = parseManifest(JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')));
    expect(entries.map((e) => e.id).sort()).toEqual(['payne-small', 'tp-small']);
    for (const e of entries) {
      let bytes = 0;
      for (const f of e.files) bytes += readFileSync(new URL(`${e.id}/${f}`, dir)).length;
      expect(bytes).toBeLessThan(5e6);
    }
  });

  it('resolves bundle URLs to folders', () => {
    expect(bundleBaseUrl('bundles/tp', 'http://h/app/index.html')).toBe('http://h/app/bundles/tp/');
    expect(bundleBaseUrl('https://x.org/b/config.json', 'http://h/')).toBe('https://x.org/b/');
    expect(() => bundleBaseUrl('  ', 'http://h/')).toThrow(/empty/);
  });

  it('finds the bundle files in a picked folder', () => {
    const b = (s: string) => new TextEncoder().encode(s);
    const files = bundleFilesFromPicked([
      { path: 'run/loss.jsonl', bytes: b('x') },
      { path: 'run/best-mae/config.json', bytes: b('{}') },
      { path: 'run/best-mae/weights.safetensors', bytes: b('w') },
      { path: 'run/best-mae/notes.txt', bytes: b('n') },
      { path: 'run/checkpoint/deep/config.json', bytes: b('{"deep":1}') },
    ]);
    expect(Object.keys(files).sort()).toEqual(['config.json', 'weights.safetensors']);
    expect(new TextDecoder().decode(files['config.json'])).toBe('{}');
    expect(() => bundleFilesFromPicked([{ path: 'a/b.txt', bytes: b('') }])).toThrow(
      /has no config\.json \(got 1 files\)/,
    );
  });
});

describe('residuals', () => {
  it('interpolates b onto a and leaves gaps outside b', () => {
    const r = residualOnGrid(Float64Array.of(1, 2, 3, 4), [1, 1, 1, 1], Float64Array.of(1.5, 3.5), [2, 4]);
    expect(Number.isNaN(r[0])).toBe(true);
    expect(r[1]).toBeCloseTo(2.5 - 1, 12);
    expect(r[2]).toBeCloseTo(3.5 - 1, 12);
    expect(Number.isNaN(r[3])).toBe(true);
  });
});

describe('attentionView', () => {
  it('slices [layer, head, λ, token] at one wavelength', () => {
    const shape = [2, 3, 4, 5];
    const data = Float32Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i);
    const m = attentionAt(data, shape, 2);
    expect(m.length).toBe(2);
    expect(m[1]!.length).toBe(3);
    expect(m[1]![2]).toEqual([1, 2, 3, 4, 5].map((t) => ((1 * 3 + 2) * 4 + 2) * 5 + t - 1));
    expect(() => attentionAt(data, shape, 4)).toThrow(/outside 0…3/);
    expect(() => attentionAt(data, [2, 3, 20], 0)).toThrow(/4 dimensions/);
    expect(attentionColour(0)).toBe('rgb(255, 255, 255)');
    expect(attentionColour(2)).toBe(attentionColour(1));
  });
});

describe('fitPlan', () => {
  it('fits Teff, logg and Fe by default and fixes the others at the slider values', () => {
    const specs = [...SPECS, { name: 'Mg', min: -2, max: 1 }];
    expect(defaultFitLabels(specs)).toEqual(['Teff', 'logg', 'Fe']);
    expect(
      defaultFitLabels([
        { name: 'a', min: 0, max: 1 },
        { name: 'b', min: 0, max: 1 },
      ]),
    ).toEqual(['a', 'b']);
    expect(fixedLabels(specs, [5000, 4.5, 0, 0.3], ['Teff', 'logg', 'Fe'])).toEqual({ Mg: 0.3 });
  });

  it('formats labels ± σ and flags values outside the box', () => {
    const rows = fitRows(SPECS, { Teff: 5123.4, logg: 5.2, Fe: -0.1 }, { Teff: 35, logg: 0.05 }, ['Teff', 'logg']);
    expect(rows.map((r) => [r.name, r.inBounds])).toEqual([
      ['Teff', true],
      ['logg', false],
    ]);
    expect(formatWithSigma(5123.4, 35)).toBe('5123 ± 35');
    expect(formatWithSigma(4.4567, 0.052)).toBe('4.457 ± 0.052');
    expect(formatWithSigma(1.5, NaN)).toBe('1.5000');
    expect(formatWithSigma(NaN, 1)).toBe('NaN');
  });
});

describe('observedSpectrum', () => {
  const lamost = parseSpectrum(
    readFileSync(new URL('./fixtures/spec-57287-KP193637N444141V03_sp10-161.fits.gz', import.meta.url)),
    { fileName: 'lamost.fits.gz' },
  );

  it('cuts the LAMOST spectrum to the emulator domain and normalises its continuum', () => {
    const obs = prepareObserved(lamost, { min: 4000, max: 5000 });
    expect(obs.source.layout).toBe('lamost-lrs');
    expect(obs.wavelength[0]).toBeGreaterThanOrEqual(4000);
    expect(obs.wavelength[obs.wavelength.length - 1]).toBeLessThanOrEqual(5000);
    expect(obs.usable).toBeGreaterThan(800);
    const good = Array.from(obs.flux).filter((_, i) => !obs.mask[i]);
    const sorted = good.slice().sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.9)]).toBeGreaterThan(0.9); // continuum near 1
    expect(sorted[Math.floor(sorted.length * 0.9)]).toBeLessThan(1.1);
    obs.ivar.forEach((v, i) => expect(obs.mask[i] ? v === 0 : v > 0).toBe(true));
  });

  it('refuses a spectrum that does not overlap the emulator', () => {
    expect(() => prepareObserved(lamost, { min: 10_000, max: 11_000 })).toThrow(
      /has 0 usable pixels inside the emulator's 10000–11000 Å/,
    );
  });

  it('masks flagged pixels and pixels without inverse variance', () => {
    const n = 100;
    const s: Spectrum = {
      wavelength: Float64Array.from({ length: n }, (_, i) => 4000 + i),
      flux: Float32Array.from({ length: n }, () => 2),
      ivar: Float32Array.from({ length: n }, (_, i) => (i === 5 ? 0 : 4)),
      mask: Int32Array.from({ length: n }, (_, i) => (i === 7 ? 1 : 0)),
      medium: 'vacuum',
      meta: { layout: 'test', file: 't', hdus: [0], wavelengthSource: 'column', header: {} },
    };
    const obs = prepareObserved(s, { min: 0, max: 1e5 }, 1);
    expect(obs.usable).toBe(98);
    expect(obs.mask[5]).toBe(1);
    expect(obs.mask[7]).toBe(1);
    expect(obs.flux[10]).toBeCloseTo(1, 6);
    expect(obs.ivar[10]).toBeCloseTo(16, 4); // ivar × continuum²
  });
});
