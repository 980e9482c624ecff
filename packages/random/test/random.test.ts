import { describe, expect, it } from 'vitest';
import * as api from '../src/index';
import { gaussian, hashSeed, mix32, mixSeeds, Mulberry32, mulberry32 } from '../src/index';
import fixture from './fixtures/random.json';

// Expected values: scripts/fixtures/random_fixtures.py (Python integers masked to 32 bits, from the definitions).
describe('@astroemu/random', () => {
  it('exports exactly its public surface', () => {
    expect(Object.keys(api).sort()).toEqual(['Mulberry32', 'gaussian', 'hashSeed', 'mix32', 'mixSeeds', 'mulberry32']);
  });

  it('mulberry32 draws the reference stream bit for bit', () => {
    for (const [seed, expected] of Object.entries(fixture.mulberry32)) {
      const rand = mulberry32(Number(seed));
      expect(Array.from({ length: expected.length }, rand)).toEqual(expected);
    }
  });

  it('Mulberry32 keeps its whole state in one uint32: save, restore and continue the same stream', () => {
    for (const [seed, expected] of Object.entries(fixture.mulberry32)) {
      const g = new Mulberry32(Number(seed));
      const first = [g.next(), g.next(), g.next()];
      const saved = g.state;
      const rest = Array.from({ length: 5 }, () => g.next());
      expect([...first, ...rest]).toEqual(expected);
      expect(g.state).toBe(fixture.stateAfter8[seed as keyof typeof fixture.stateAfter8]);
      const resumed = new Mulberry32(0);
      resumed.state = saved;
      expect(Array.from({ length: 5 }, () => resumed.next())).toEqual(rest);
    }
  });

  it('hashSeed, mix32 and mixSeeds equal the reference hashes', () => {
    for (const { words, hash } of fixture.hashSeed) expect(hashSeed(...words)).toBe(hash);
    for (const { values, hash } of fixture.mixSeeds) expect(mixSeeds(...values)).toBe(hash);
    for (const { x, hash } of fixture.mix32) expect(mix32(x)).toBe(hash);
  });

  it('gaussian is Box–Muller over (1 − u, v)', () => {
    const rand = mulberry32(2024);
    const got = fixture.gaussianSeed2024.map(() => gaussian(rand));
    got.forEach((x, i) => expect(x).toBeCloseTo(fixture.gaussianSeed2024[i]!, 14));
  });
});
