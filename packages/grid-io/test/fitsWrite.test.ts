import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatCard,
  parseFits,
  spectrumImageHdu,
  spectrumTableHdu,
  writeFits,
  FitsError,
  type FitsWriteHdu,
} from '../src/index';
import { compensatedSum, DTYPE_CLASS, FIXTURES, relErr, type ExpectedHdu } from './fixtures/fits/expected';

// Files written here are committed under fixtures/fits/written/ and checked by astropy and fitsverify in
// scripts/fixtures/grid_io_fits_fixtures.py (results: written/astropy.json, written/fitsverify.txt).
// Regenerate with: UPDATE_FITS_GOLDEN=1 npx vitest run --project grid-io test/fitsWrite && /usr/bin/python3 scripts/fixtures/grid_io_fits_fixtures.py
const WRITTEN = `${FIXTURES}written/`;
const ramp = <T>(make: (n: number) => T, n: number) => make(n);

function imageFile(): FitsWriteHdu[] {
  const flux = Float64Array.from({ length: 1000 }, (_, i) => 1 - 0.3 * Math.exp(-(((i - 400) / 7) ** 2)) + i * 1e-5);
  return [
    spectrumImageHdu({
      flux,
      wavelength: { start: 5000.25, step: 0.015 },
      medium: 'vacuum',
      cards: [
        { keyword: 'OBJECT', value: "HD 12345 'test' star" },
        {
          keyword: 'LONGPATH',
          value: `/data/${'very/long/path/'.repeat(12)}spectrum.fits`,
          comment: 'long string via CONTINUE',
        },
        { keyword: 'ESO DET CHIP TEMP', value: -120.5, comment: 'HIERARCH keyword' },
        { keyword: 'FLAGGED', value: false },
        { keyword: 'BIGID', value: 123456789012345678901234n },
        { keyword: 'NEGINT', value: -42 },
        { keyword: 'EXACT', value: 3, type: 'float' },
        { keyword: 'TINY', value: 1.5e-300 },
        { keyword: 'CPLX', value: { re: 1.5, im: -2 } },
        { keyword: 'COMMENT', value: 'written by @astroemu/grid-io writeFits' },
        { keyword: 'HISTORY', value: 'x'.repeat(100) },
      ],
    }),
    { kind: 'image', name: 'U8', data: Uint8Array.from({ length: 60 }, (_, i) => (i * 7) % 256), shape: [3, 4, 5] },
    { kind: 'image', name: 'I8', data: Int8Array.from({ length: 20 }, (_, i) => i * 13 - 128) },
    { kind: 'image', name: 'I16', data: Int16Array.from({ length: 20 }, (_, i) => i * 3000 - 32768), shape: [4, 5] },
    { kind: 'image', name: 'U16', data: Uint16Array.from({ length: 20 }, (_, i) => i * 3449) },
    { kind: 'image', name: 'I32', data: Int32Array.from({ length: 20 }, (_, i) => (i - 10) * 200_000_000) },
    { kind: 'image', name: 'U32', data: Uint32Array.from({ length: 20 }, (_, i) => i * 226_000_000) },
    {
      kind: 'image',
      name: 'I64',
      data: BigInt64Array.from({ length: 20 }, (_, i) => BigInt(i - 10) * 900_000_000_000_000_000n),
    },
    {
      kind: 'image',
      name: 'U64',
      data: BigUint64Array.from({ length: 20 }, (_, i) => BigInt(i) * 970_000_000_000_000_000n),
    },
    {
      kind: 'image',
      name: 'F32',
      data: Float32Array.from({ length: 24 }, (_, i) => Math.sin(i) * 1e3),
      shape: [2, 3, 4],
    },
  ];
}

function tableFile(): FitsWriteHdu[] {
  const n = 5;
  return [
    {
      kind: 'bintable',
      name: 'ALLTYPES',
      cards: [{ keyword: 'ORIGIN', value: 'astroemu test' }],
      columns: [
        { name: 'LOGICAL', data: [true, false, true, true, false] },
        { name: 'BYTE', data: Uint8Array.from([0, 1, 127, 128, 255]) },
        { name: 'SBYTE', data: Int8Array.from([-128, -1, 0, 1, 127]) },
        { name: 'SHORT', data: Int16Array.from([-32768, -1, 0, 1, 32767]) },
        { name: 'USHORT', data: Uint16Array.from([0, 1, 32767, 32768, 65535]) },
        { name: 'INT', data: Int32Array.from([-2147483648, -1, 0, 1, 2147483647]) },
        { name: 'UINT', data: Uint32Array.from([0, 1, 2147483647, 2147483648, 4294967295]) },
        { name: 'LONG', data: BigInt64Array.from([-(2n ** 63n), -1n, 0n, 1n, 2n ** 63n - 1n]) },
        { name: 'ULONG', data: BigUint64Array.from([0n, 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n]) },
        { name: 'VEC3', data: Float32Array.from({ length: 3 * n }, (_, i) => i / 3), repeat: 3, unit: 'km/s' },
        { name: 'MAT', data: Float64Array.from({ length: 6 * n }, (_, i) => Math.sqrt(i)), repeat: 6, dim: [3, 2] },
        { name: 'CPLX', data: Float32Array.from({ length: 2 * n }, (_, i) => i - 4.5), complex: true },
        { name: 'DCPLX', data: Float64Array.from({ length: 4 * n }, (_, i) => i * 0.25), repeat: 2, complex: true },
        { name: 'NAME', data: ['Sun', 'Arcturus', "O'Brien", '', 'Vega'] },
        {
          name: 'VAR',
          data: ramp(
            (k) => Array.from({ length: k }, (_, r) => Float32Array.from({ length: r * 2 }, (_, j) => r + j / 10)),
            n,
          ),
        },
      ],
    },
  ];
}

function spectrumTableFile(): FitsWriteHdu[] {
  const wavelength = Float64Array.from({ length: 300 }, (_, i) => 15100 + i * 0.2 + 1e-3 * Math.sin(i));
  const flux = Float32Array.from(wavelength, (w) => 1 - 0.2 * Math.exp(-(((w - 15130) / 0.4) ** 2)));
  return [
    spectrumTableHdu({
      wavelength,
      flux,
      ivar: new Float32Array(300).fill(2500),
      mask: Int32Array.from({ length: 300 }, (_, i) => (i % 50 === 0 ? 4 : 0)),
      medium: 'vacuum',
    }),
  ];
}

const FILES: [string, () => FitsWriteHdu[]][] = [
  ['images.fits', imageFile],
  ['table.fits', tableFile],
  ['spectrum-table.fits', spectrumTableFile],
];

if (process.env.UPDATE_FITS_GOLDEN === '1') {
  mkdirSync(WRITTEN, { recursive: true });
  for (const [name, make] of FILES) writeFileSync(WRITTEN + name, writeFits(make()));
}

describe.each(FILES)('writeFits %s', (name, make) => {
  const bytes = writeFits(make());

  it('is byte-identical to the committed file that astropy and fitsverify checked', () => {
    expect(existsSync(WRITTEN + name)).toBe(true);
    expect(bytes.length % 2880).toBe(0);
    expect(Buffer.from(bytes).equals(readFileSync(WRITTEN + name))).toBe(true);
    const log = readFileSync(`${WRITTEN}fitsverify.txt`, 'utf8');
    expect(log).toMatch(new RegExp(`${name.replace('.', '\\.')}: exit 0: .*found 0 warning\\(s\\) and 0 error\\(s\\)`));
  });

  it('reads back exactly what was written', () => {
    const input = make();
    const hdus = parseFits(bytes);
    const offset = input[0]!.kind === 'image' ? 0 : 1;
    expect(hdus.length).toBe(input.length + offset);
    input.forEach((h, i) => {
      const got = hdus[i + offset]!;
      if (h.kind === 'image') {
        expect(got.kind).toBe('image');
        if (got.kind === 'image') {
          expect(got.data).toEqual(h.data);
          expect(got.data!.constructor).toBe(h.data!.constructor);
          expect(got.shape).toEqual(h.shape ?? [h.data!.length]);
        }
      } else if (got.kind === 'bintable') {
        h.columns.forEach((c, k) => {
          const col = got.columns[k]!;
          expect(col.name).toBe(c.name);
          if (Array.isArray(c.data) && typeof c.data[0] === 'boolean')
            expect(Array.from(col.data as Uint8Array, Boolean)).toEqual(c.data);
          else expect(col.data).toEqual(c.data);
        });
      }
      for (const card of h.cards ?? []) {
        if (card.keyword === 'COMMENT' || card.keyword === 'HISTORY') continue;
        const want = card.value ?? null;
        expect(got.header.get(card.keyword), card.keyword).toEqual(want);
      }
    });
  });

  it("astropy reads the committed file's values as our reader does", () => {
    const astro = JSON.parse(readFileSync(`${WRITTEN}astropy.json`, 'utf8')) as Record<string, ExpectedHdu[]>;
    const hdus = parseFits(bytes);
    const want = astro[name]!;
    expect(want.length).toBe(hdus.length);
    want.forEach((w, i) => {
      const h = hdus[i]!;
      expect(h.header.size).toBe(w.cards.length);
      w.cards.forEach(([kw, , v], k) => {
        expect(h.header.cards[k]!.keyword).toBe(kw);
        const mine = h.header.cards[k]!.value;
        if (typeof v === 'string' && typeof mine === 'bigint') expect(mine.toString()).toBe(v);
        else if (Array.isArray(v)) expect(mine).toEqual({ re: v[0], im: v[1] });
        else if (v !== null) expect(mine, kw).toEqual(v);
      });
      const checks =
        h.kind === 'image'
          ? w.dtype
            ? [{ data: h.data, w }]
            : []
          : h.kind === 'bintable'
            ? w
                .columns!.filter((c) => c.dtype)
                .map((c) => ({ data: h.columns.find((x) => x.name === c.name)!.data, w: c }))
            : [];
      for (const { data, w: s } of checks) {
        const arr = data as unknown as ArrayLike<number | bigint>;
        // One documented difference: astropy returns a B column with TZERO = -128 as float64; we return Int8Array.
        if (!(arr instanceof Int8Array && s.dtype === 'float64'))
          expect(arr.constructor.name).toBe(DTYPE_CLASS[s.dtype!]);
        if (s.fsum !== undefined) expect(relErr(compensatedSum(arr as ArrayLike<number>), s.fsum)).toBeLessThan(1e-12);
        if (s.sum !== undefined)
          expect(
            Array.from(arr, (x) => BigInt(x))
              .reduce((a, b) => a + b, 0n)
              .toString(),
          ).toBe(s.sum);
      }
    });
  });
});

describe('formatCard', () => {
  it('writes fixed-format, HIERARCH and CONTINUE cards', () => {
    expect(formatCard({ keyword: 'NAXIS1', value: 42 })).toEqual([`NAXIS1  = ${'42'.padStart(20)}`.padEnd(80)]);
    expect(formatCard({ keyword: 'CRVAL1', value: 3, type: 'float' })[0]!.slice(10, 30).trim()).toBe('3.0');
    expect(formatCard({ keyword: 'ESO TEL AIRM END', value: 1.839 })[0]!.trimEnd()).toBe(
      'HIERARCH ESO TEL AIRM END = 1.839',
    );
    const long = formatCard({ keyword: 'PATH', value: 'a'.repeat(150) });
    expect(long.length).toBe(3);
    expect(long[1]!.startsWith("CONTINUE  'a")).toBe(true);
  });

  it('refuses NaN, non-ASCII text and reserved keywords', () => {
    expect(() => formatCard({ keyword: 'X', value: NaN })).toThrow(
      /card 'X': FITS headers cannot hold NaN or infinite values \(expected a finite number, got NaN\)/,
    );
    expect(() => formatCard({ keyword: 'X', value: 'ångström' })).toThrow(FitsError);
    expect(() => writeFits([{ kind: 'image', cards: [{ keyword: 'NAXIS1', value: 3 }] }])).toThrow(
      /HDU 0, card 'NAXIS1': reserved keyword/,
    );
    expect(() => writeFits([{ kind: 'image', data: new Float32Array(5), shape: [2, 2] }])).toThrow(
      /image shape does not match its data/,
    );
  });
});
