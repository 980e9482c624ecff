import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FitsError, parseFits, parseSpectrum, writeFits } from '../src/index';
import { fixtureBytes } from './fixtures/fits/expected';

const small = () =>
  writeFits([
    { kind: 'image', data: new Float32Array(1000) },
    { kind: 'bintable', name: 'T', columns: [{ name: 'A', data: new Float64Array(10) }] },
  ]);
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const edit = (b: Uint8Array, from: string, to: string) => {
  const s = latin(b);
  const i = s.indexOf(from);
  if (i < 0) throw new Error(`no ${from}`);
  const out = b.slice();
  for (let k = 0; k < 80; k++) out[i + k] = to.padEnd(80).charCodeAt(k);
  return out;
};

describe('bad input gives a FitsError naming file, HDU and card', () => {
  it('truncated data', () => {
    const b = small();
    expect(() => parseFits(b.subarray(0, 2880 + 100), { fileName: 't.fits' })).toThrow(
      /^t\.fits: HDU 0, card 'NAXIS1': data run past the end of the file .*expected ≤ 100 bytes after the header, got 4000 bytes/,
    );
  });
  it('header without END', () => {
    const b = small();
    const s = latin(b);
    const noEnd = b.slice(0, 2880);
    noEnd.set(new TextEncoder().encode(' '.repeat(80)), s.indexOf('END     '));
    expect(() => parseFits(noEnd, { fileName: 'e.fits' })).toThrow(
      /^e\.fits: HDU 0, card 'END': header ends before its END card/,
    );
  });
  it('NAXISn overflowing the file, negative or absurd sizes', () => {
    const b = small();
    expect(() => parseFits(edit(b, 'NAXIS1  =', `NAXIS1  = ${'900000000000'.padStart(20)}`))).toThrow(
      /HDU 0, card 'NAXIS1': data run past the end/,
    );
    expect(() => parseFits(edit(b, 'NAXIS1  =', `NAXIS1  = ${'-5'.padStart(20)}`))).toThrow(
      /HDU 0, card 'NAXIS1': keyword has an invalid value \(expected an integer in \[0, 9007199254740991\], got -5\)/,
    );
    expect(() => parseFits(edit(b, 'BITPIX  =', `BITPIX  = ${'24'.padStart(20)}`))).toThrow(
      /card 'BITPIX': unsupported BITPIX/,
    );
    expect(() => parseFits(edit(b, 'NAXIS2  =', `NAXIS2  = ${'99999999999999'.padStart(20)}`))).toThrow(
      /HDU 1, card 'NAXIS2': data run past the end/,
    );
  });
  it('a TFORM it does not know', () => {
    expect(() => parseFits(edit(small(), "TFORM1  = '1D", "TFORM1  = '1Z      '"), { fileName: 'z.fits' })).toThrow(
      /^z\.fits: HDU 1, card 'TFORM1': unknown binary-table column format \(expected rT with T one of L X B I J K A E D C M P Q, got '1Z'\)/,
    );
  });
  it('not FITS at all, empty, corrupt gzip', () => {
    expect(() => parseFits(new TextEncoder().encode('hello world'))).toThrow(/not a FITS file/);
    expect(() => parseFits(new Uint8Array(0))).toThrow(/empty file/);
    const gz = gzipSync(small());
    expect(() => parseFits(gz.subarray(0, gz.length - 20), { fileName: 'x.fits.gz' })).toThrow(/^x\.fits\.gz: .*gzip/);
    expect(parseFits(gz).length).toBe(2);
  });
  it('skips ASCII tables with a note instead of failing the file', () => {
    const b = edit(small(), "XTENSION= 'BINTABLE'", "XTENSION= 'TABLE   '");
    const hdus = parseFits(b);
    expect(hdus[1]!.kind).toBe('skipped');
    expect(hdus[1]!.kind === 'skipped' && hdus[1]!.note).toMatch(/ASCII TABLE data are not decoded/);
  });
  it('a real file truncated in the middle of the data', () => {
    const b = fixtureBytes('apVisit-r13-5095-55844-128.fits');
    expect(() => parseFits(b.subarray(0, 200_000), { fileName: 'apVisit.fits' })).toThrow(
      /^apVisit\.fits: HDU \d+, card '(NAXIS\d|PCOUNT|END)'/,
    );
    expect(() => parseSpectrum(b.subarray(0, 200_000))).toThrow(FitsError);
  });
  it('reads BZERO/BSCALE and BLANK → NaN', () => {
    const b = writeFits([
      { kind: 'image', data: Int16Array.from([1, 2, -999, 4]), cards: [{ keyword: 'BLANK', value: -999 }] },
    ]);
    const scaled = edit(
      edit(b, 'BLANK   =', `BLANK   = ${'-999'.padStart(20)}`),
      'EXTEND  =',
      `BSCALE  = ${'0.5'.padStart(20)}`,
    );
    const [h] = parseFits(scaled);
    expect(h!.kind === 'image' && Array.from(h!.data as Float32Array)).toEqual([0.5, 1, NaN, 2]);
  });
});
