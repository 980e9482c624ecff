import { describe, expect, it } from 'vitest';
import {
  FitsError,
  parseSpectrum,
  readSpectrum,
  spectrumImageHdu,
  spectrumTableHdu,
  writeFits,
  type Spectrum,
} from '../src/index';
import {
  compensatedSum,
  expected,
  FIXTURES,
  fixtureBytes,
  REAL_FILES,
  relErr,
  type Stats,
} from './fixtures/fits/expected';

function sameStats(a: ArrayLike<number>, want: Stats, what: string): void {
  expect(a.length, what).toBe(want.count);
  if (want.fsum !== undefined) expect(relErr(compensatedSum(a), want.fsum), `${what} sum`).toBeLessThan(1e-12);
  if (want.sum !== undefined) expect(String(compensatedSum(a)), `${what} sum`).toBe(want.sum);
  for (const [i, v] of want.samples) expect(a[i], `${what}[${i}]`).toBe(v);
}

describe.each(REAL_FILES)('readSpectrum %s agrees with astropy', (file) => {
  const want = expected(file).spectrum;
  it(`detects ${want.layout} and returns astropy's wavelengths, flux, ivar and mask`, async () => {
    const s: Spectrum = await readSpectrum(FIXTURES + file);
    expect(s.meta.layout).toBe(want.layout);
    expect(s.medium).toBe(want.medium);
    expect(s.wavelength).toBeInstanceOf(Float64Array);
    expect(s.flux).toBeInstanceOf(Float32Array);
    expect(s.wavelength.length).toBe(want.n);
    expect(relErr(s.wavelength[0]!, want.wavelength.first)).toBeLessThan(1e-12);
    expect(relErr(s.wavelength[want.n - 1]!, want.wavelength.last)).toBeLessThan(1e-12);
    expect(relErr(compensatedSum(s.wavelength), want.wavelength.fsum)).toBeLessThan(1e-12);
    for (const [i, w] of want.wavelength.samples) expect(relErr(s.wavelength[i]!, w)).toBeLessThan(1e-12);
    sameStats(s.flux, want.flux, 'flux');
    if (want.ivar) sameStats(s.ivar!, want.ivar, 'ivar');
    else expect(s.ivar).toBeUndefined();
    if (want.mask) sameStats(s.mask!, want.mask, 'mask');
    for (let i = 1; i < s.wavelength.length; i++)
      if (!(s.wavelength[i]! > s.wavelength[i - 1]!)) throw new Error(`not increasing at ${i}`);
  });
});

describe('readSpectrum options and errors', () => {
  const med = 'med-58625-TD192102N424113K01_sp12-076.fits.gz';

  it('chooses one LAMOST MRS arm with opts.arm', async () => {
    const blue = await readSpectrum(FIXTURES + med, { arm: 'blue' });
    const red = await readSpectrum(FIXTURES + med, { arm: 'red' });
    expect([blue.wavelength.length, red.wavelength.length]).toEqual([4156, 3800]);
    expect(blue.wavelength[blue.wavelength.length - 1]!).toBeLessThan(red.wavelength[0]!);
  });

  it('reads an explicit HDU and columns (LOG* columns are log10 λ)', async () => {
    const s = await readSpectrum(FIXTURES + med, {
      hdu: 'R-84420148',
      fluxColumn: 'FLUX',
      wavelengthColumn: 'LOGLAM',
      ivarColumn: 'IVAR',
    });
    expect(s.meta.layout).toBe('table');
    expect(s.wavelength.length).toBe(4136);
    expect(s.medium).toBe('vacuum');
    await expect(readSpectrum(FIXTURES + med, { hdu: 3, fluxColumn: 'NOPE' })).rejects.toThrow(
      /HDU 3, card 'TTYPE 'NOPE''.*expected one of FLUX, IVAR, LOGLAM, PIXMASK/,
    );
    await expect(readSpectrum(FIXTURES + med, { hdu: 42 })).rejects.toThrow(/no such HDU \(expected an index 0…8/);
  });

  it('lists the HDUs and the options to use when the layout is unknown', () => {
    const bytes = writeFits([
      { kind: 'image' },
      { kind: 'bintable', name: 'STUFF', columns: [{ name: 'A', data: new Float32Array(3) }] },
    ]);
    expect(() => parseSpectrum(bytes, { fileName: 'odd.fits' })).toThrow(
      /^odd\.fits: no known spectrum layout\. HDUs found: 0 'PRIMARY' image \[\]; 1 'STUFF' table 3 rows \(A\)\. Pass the HDU and column names explicitly, e\.g\. readSpectrum\(file, \{ hdu: 1, fluxColumn: 'FLUX', wavelengthColumn: 'WAVE', ivarColumn: 'IVAR' \}\)/,
    );
  });

  it('reads spectra written by the helpers: linear, log10 (WAVE-LOG) images and tables', () => {
    const flux = Float32Array.from({ length: 500 }, (_, i) => 1 - 0.1 * Math.exp(-(((i - 250) / 5) ** 2)));
    const lin = parseSpectrum(
      writeFits([spectrumImageHdu({ flux, wavelength: { start: 5000, step: 0.02 }, medium: 'air' })]),
    );
    expect([lin.meta.layout, lin.medium, lin.wavelength[0], lin.wavelength[499]]).toEqual([
      'image-1d',
      'air',
      5000,
      5000 + 499 * 0.02,
    ]);
    const log = parseSpectrum(
      writeFits([
        spectrumImageHdu({ flux, wavelength: { start: 4000, step: 1e-5, scale: 'log10' }, medium: 'vacuum' }),
      ]),
    );
    expect(log.medium).toBe('vacuum');
    for (const i of [0, 1, 250, 499]) expect(relErr(log.wavelength[i]!, 4000 * 10 ** (1e-5 * i))).toBeLessThan(1e-12);
    const wavelength = Float64Array.from({ length: 500 }, (_, i) => 6000 + i * 0.05);
    const tab = parseSpectrum(
      writeFits([
        spectrumTableHdu({
          wavelength,
          flux,
          ivar: new Float32Array(500).fill(4),
          mask: new Int32Array(500),
          medium: 'vacuum',
        }),
      ]),
    );
    expect([tab.meta.layout, tab.medium]).toEqual(['table', 'vacuum']);
    expect(tab.wavelength).toEqual(wavelength);
    expect(tab.flux).toEqual(flux);
    expect(tab.ivar![7]).toBe(4);
  });

  it('rejects NaN/inf and unsorted wavelengths, naming the pixel', () => {
    const flux = new Float32Array(4);
    const bad = (w: number[]) =>
      writeFits([spectrumTableHdu({ wavelength: Float64Array.from(w), flux, medium: 'air' })]);
    expect(() => parseSpectrum(bad([1, 2, NaN, 4]), { fileName: 'nan.fits' })).toThrow(
      /^nan\.fits: HDU 1, card 'wavelength column': wavelength of pixel 2 is not a finite positive number \(expected finite wavelengths > 0 Å, got NaN\)/,
    );
    expect(() => parseSpectrum(bad([1, 2, Infinity, 4]))).toThrow(FitsError);
    expect(() => parseSpectrum(bad([1, 3, 2, 4]), { fileName: 'u.fits' })).toThrow(
      /u\.fits: HDU 1, .*pixel 2 \(2 Å\) ≤ pixel 1 \(3 Å\)/,
    );
  });

  it('reads from an ArrayBuffer as from a path', async () => {
    const b = fixtureBytes('cs22892-52.fits');
    const s = await readSpectrum(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    expect(s.meta.file).toBe('<buffer>');
    expect(s.wavelength.length).toBe(174613);
  });
});
