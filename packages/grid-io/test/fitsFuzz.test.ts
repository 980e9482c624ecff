import { describe, expect, it } from 'vitest';
import { FitsError, parseFits, parseSpectrum } from '../src/index';
import { gunzipSync } from 'fflate';
import { fixtureBytes, REAL_FILES } from './fixtures/fits/expected';
import { mulberry32 } from '@astroemu/random';

/** mulberry32: small seeded PRNG so failures reproduce. */
const rng = mulberry32;

const EDITS = [
  '-1',
  '0',
  '1',
  '99999999999999999',
  '1E300',
  "'A'",
  'T',
  '',
  '2147483648',
  "'9Z'",
  "'1PE(x)'",
  '-64',
  '3.5',
];
const KEYS = [
  'BITPIX',
  'NAXIS',
  'NAXIS1',
  'NAXIS2',
  'PCOUNT',
  'GCOUNT',
  'TFIELDS',
  'TFORM1',
  'TFORM2',
  'THEAP',
  'CRVAL1',
  'CDELT1',
  'CD1_1',
  'BZERO',
  'BLANK',
  'TZERO1',
  'TDIM1',
];

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const b = src.slice();
  const kind = Math.floor(r() * 3);
  if (kind === 0) {
    const headerish = Math.min(b.length, 40 * 2880);
    for (let k = 0, n = 1 + Math.floor(r() * 8); k < n; k++) {
      const i = Math.floor(r() * (r() < 0.7 ? headerish : b.length));
      b[i] = b[i]! ^ (1 << Math.floor(r() * 8));
    }
    return b;
  }
  if (kind === 1) return b.subarray(0, Math.floor(r() * b.length));
  const text = Buffer.from(b.subarray(0, Math.min(b.length, 40 * 2880))).toString('latin1');
  const key = KEYS[Math.floor(r() * KEYS.length)]!;
  const hits: number[] = [];
  for (let i = text.indexOf(key.padEnd(8)); i >= 0; i = text.indexOf(key.padEnd(8), i + 1))
    if (i % 80 === 0) hits.push(i);
  if (hits.length === 0) return b;
  const at = hits[Math.floor(r() * hits.length)]!;
  const card = `${key.padEnd(8)}= ${EDITS[Math.floor(r() * EDITS.length)]!.padStart(20)}`.padEnd(80);
  for (let k = 0; k < 80; k++) b[at + k] = card.charCodeAt(k);
  return b;
}

describe('fuzz: mutated real files give a value or a FitsError, never another error or a hang', () => {
  const sources = REAL_FILES.map((f) => {
    const raw = fixtureBytes(f);
    return f.endsWith('.gz') ? gunzipSync(raw) : raw;
  });
  const gz = fixtureBytes(REAL_FILES[0]);

  it('300 seeded mutations (bit flips, truncation, card edits)', () => {
    const r = rng(20240611);
    const outcomes = { ok: 0, fitsError: 0 };
    for (let iter = 0; iter < 300; iter++) {
      const src = iter % 10 === 9 ? gz : sources[iter % sources.length]!;
      const bytes = mutate(src, r);
      for (const read of [() => parseFits(bytes), () => parseSpectrum(bytes)]) {
        try {
          read();
          outcomes.ok++;
        } catch (e) {
          if (!(e instanceof FitsError)) throw new Error(`iteration ${iter}: ${String(e)}\n${(e as Error).stack}`);
          outcomes.fitsError++;
        }
      }
    }
    expect(outcomes.ok + outcomes.fitsError).toBe(600);
    expect(outcomes.fitsError).toBeGreaterThan(50);
  });
});
