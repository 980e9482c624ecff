import { describe, expect, it } from 'vitest';
import { type FitsHeader, readFits, parseFits, type FitsHdu, type FitsImageArray } from '../src/index';
import {
  compensatedSum,
  DTYPE_CLASS,
  expected,
  FIXTURES,
  fixtureBytes,
  REAL_FILES,
  relErr,
  type Stats,
} from './fixtures/fits/expected';

function cardMatches(h: FitsHeader, i: number, [kw, type, value]: [string, string, unknown]): void {
  const card = h.cards[i]!;
  const where = `card ${i} ${kw}`;
  expect(card.keyword, where).toBe(kw);
  if (type === 'commentary') {
    expect([card.type, card.value], where).toEqual(['commentary', value]);
    return;
  }
  expect(card.type, where).toBe(type);
  if (type === 'integer' && typeof value === 'string') expect(String(card.value), where).toBe(value);
  else if (type === 'complex')
    expect(card.value, where).toEqual({ re: (value as number[])[0], im: (value as number[])[1] });
  else expect(card.value, where).toStrictEqual(value);
}

function statsMatch(data: FitsImageArray | unknown, want: Stats, where: string): void {
  const arr = data as FitsImageArray;
  expect(arr.constructor.name, where).toBe(DTYPE_CLASS[want.dtype]);
  expect(arr.length, where).toBe(want.count);
  if (want.fsum !== undefined) {
    const a = arr as Float64Array;
    expect(relErr(compensatedSum(a), want.fsum), `${where} sum`).toBeLessThan(1e-12);
    expect(Array.from(a).filter(Number.isNaN).length, `${where} NaN count`).toBe(want.nan);
  }
  if (want.sum !== undefined) {
    let s = 0n;
    for (let i = 0; i < arr.length; i++) s += BigInt(arr[i]!);
    expect(s.toString(), `${where} integer sum`).toBe(want.sum);
  }
  for (const [i, v] of want.samples) {
    const got = arr[i]!;
    if (typeof v === 'boolean') expect(got, `${where}[${i}]`).toBe(v ? 1 : 0);
    else if (typeof v === 'string') expect(String(got), `${where}[${i}]`).toBe(v === 'nan' ? 'NaN' : v);
    else expect(Number(got), `${where}[${i}]`).toBe(v);
  }
}

describe.each(REAL_FILES)('readFits %s agrees with astropy', (file) => {
  const want = expected(file);
  let hdus: FitsHdu[];

  it('reads the HDU list, names and every header card', async () => {
    hdus = await readFits(FIXTURES + file);
    expect(hdus.map((h) => h.name.toUpperCase())).toEqual(want.hdus.map((h) => h.name.toUpperCase()));
    for (const [i, w] of want.hdus.entries()) {
      const h = hdus[i]!;
      expect(h.header.size, `HDU ${i} card count`).toBe(w.cards.length);
      w.cards.forEach((c, k) => cardMatches(h.header, k, c));
    }
  });

  it('decodes images and table columns like astropy', () => {
    for (const [i, w] of want.hdus.entries()) {
      const h = hdus[i]!;
      if (w.type === 'BinTableHDU') {
        expect(h.kind).toBe('bintable');
        if (h.kind !== 'bintable') continue;
        expect(h.nrows).toBe(w.nrows);
        expect(h.columns.map((c) => c.name)).toEqual(w.columns!.map((c) => c.name));
        for (const [k, wc] of w.columns!.entries()) {
          const col = h.columns[k]!;
          const where = `HDU ${i} column ${wc.name}`;
          if (wc.strings !== undefined) expect((col.data as string[]).slice(0, 3), where).toEqual(wc.strings);
          else {
            expect(col.shape, where).toEqual(wc.shape);
            statsMatch(col.data, wc as Stats, where);
          }
        }
      } else if (w.dtype !== undefined) {
        expect(h.kind).toBe('image');
        if (h.kind !== 'image') continue;
        expect(h.shape).toEqual(w.shape);
        statsMatch(h.data, w as Stats, `HDU ${i} image`);
      } else {
        expect(h.kind === 'image' && h.data === null, `HDU ${i} has no data`).toBe(true);
      }
    }
  });

  it('reads the same from bytes (ArrayBuffer) as from the path', () => {
    const bytes = fixtureBytes(file);
    const again = parseFits(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(again.map((h) => [h.kind, h.header.size, h.dataBytes])).toEqual(
      hdus.map((h) => [h.kind, h.header.size, h.dataBytes]),
    );
  });
});

describe('header conventions in the real files', () => {
  it('joins CONTINUE long strings (apVisit SYNTHFIL) and keeps COMMENT/HISTORY in order', async () => {
    const [p] = await readFits(FIXTURES + 'apVisit-r13-5095-55844-128.fits');
    expect(p!.header.get('SYNTHFIL')).toBe(
      '/uufs/chpc.utah.edu/common/home/sdss09/software/apogee/Linux//apogee/0.12.4/data/synthgrid/apg_synthgrid.fits',
    );
    expect(p!.header.getAll('HISTORY')[0]!.value).toBe('AP1DVISIT: Mon Feb 18 10:10:02 2019');
    expect(p!.header.get('TARG1')).toBe(-2147481600);
  });

  it('reads the 3003 HIERARCH cards of the HARPS s1d header', async () => {
    const [p] = await readFits(FIXTURES + 'HARPS.2010-09-18T23-42-36.178_s1d_A.fits');
    expect(p!.header.cards.filter((c) => c.keyword.startsWith('ESO ')).length).toBe(3003);
    expect(p!.header.get('ESO DET BITS')).toBe(16);
    expect(p!.header.get('ESO ADA GUID STATUS')).toBe('ON');
  });

  it('reads SPECOBJID (K with TZERO = 2^63) as an exact BigUint64', async () => {
    const hdus = await readFits(FIXTURES + 'spec-3586-55181-0500.fits');
    const spall = hdus[2]!;
    if (spall.kind !== 'bintable') throw new Error('SPALL is not a table');
    const col = spall.columns.find((c) => c.name === 'SPECOBJID')!;
    expect(col.data).toBeInstanceOf(BigUint64Array);
    expect((col.data as BigUint64Array)[0]).toBe(4037614591814901760n);
    expect(col.tzero).toBe(9223372036854775808n);
    const prof = spall.columns.find((c) => c.name === 'PROFMEAN_NMGY')!;
    expect(prof.shape).toEqual([1, 5, 15]); // TDIM '( 15, 5)'
  });
});
