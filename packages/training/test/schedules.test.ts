import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { constantSchedule } from '../src/constantSchedule';
import { cosineWarmRestarts } from '../src/cosineWarmRestarts';
import { createSchedule } from '../src/learningRateSchedule';
import { warmupCosine } from '../src/warmupCosine';
import { warmupStableDecay } from '../src/warmupStableDecay';
import { fixtures } from './helpers/fixtures';

describe('learning-rate schedules against numpy', () => {
  test('warm-up for 10 % then cosine to 0 (optax warmup_cosine_decay_schedule)', () => {
    const W = fixtures.warmupCosine;
    const s = warmupCosine({ peak: W.peak, totalSteps: W.totalSteps, warmupFraction: W.warmupFraction });
    W.steps.forEach((t: number, i: number) => expect(s(t)).toBeCloseTo(W.values[i], 12));
    expect(s(100)).toBe(W.peak);
    expect(s(1000)).toBeCloseTo(0, 15);
  });
  test('cosine with warm restarts (torch CosineAnnealingWarmRestarts)', () => {
    const C = fixtures.cosineRestarts;
    const s = createSchedule({
      kind: 'cosineWarmRestarts',
      peak: C.peak,
      period: C.period,
      periodMultiplier: C.periodMultiplier,
      minimum: C.minimum,
    });
    C.steps.forEach((t: number, i: number) => expect(s(t)).toBeCloseTo(C.values[i], 12));
    const flat = cosineWarmRestarts({ peak: 1, period: 10 });
    expect(flat(10)).toBe(1);
    expect(flat(25)).toBeCloseTo(flat(5), 12);
  });
  test('constant', () => {
    expect(constantSchedule(3e-4)(12345)).toBe(3e-4);
  });
  test('bad specs are rejected with who/what/got', () => {
    expect(() => createSchedule({ kind: 'linear' } as never)).toThrow(
      /createSchedule: 'kind' must be one of .*; got "linear"/,
    );
    expect(() => warmupCosine({ peak: 1, totalSteps: 0 })).toThrow(
      /warmupCosine: option 'totalSteps' must be a positive integer; got 0/,
    );
    expect(() => warmupCosine({ peak: 1, totalSteps: 10, warmupFraction: 1 })).toThrow(
      /'warmupFraction' must be in \[0, 1\); got 1/,
    );
    expect(() => cosineWarmRestarts({ peak: 1, period: 5, minimum: 2 })).toThrow(
      /'minimum' must be ≤ 'peak' \(1\); got 2/,
    );
  });
});

describe('warm-up–stable–decay (issue 17) against numpy.interp through its knots', () => {
  const cases = JSON.parse(
    readFileSync(new URL('./fixtures/schedule_fixtures.json', import.meta.url), 'utf8'),
  ).warmupStableDecay;
  for (const c of cases) {
    test(`peak ${c.peak}, T ${c.totalSteps}, warm-up ${c.warmupFraction}, decay ${c.decayFraction}, final ${c.final}`, () => {
      const s = createSchedule({
        kind: 'warmupStableDecay',
        peak: c.peak,
        totalSteps: c.totalSteps,
        warmupFraction: c.warmupFraction,
        decayFraction: c.decayFraction,
        final: c.final,
      });
      c.steps.forEach((t: number, i: number) => expect(s(t)).toBeCloseTo(c.values[i], 14));
    });
  }
  test('extending T in the stable phase changes nothing before the old decay start', () => {
    const a = warmupStableDecay({ peak: 1, totalSteps: 1000 });
    const b = warmupStableDecay({ peak: 1, totalSteps: 3000, warmupFraction: 50 / 3000 });
    for (let t = 0; t < 800; t += 7) expect(b(t)).toBeCloseTo(a(t), 14);
  });
  test('bad options are rejected', () => {
    expect(() => warmupStableDecay({ peak: 1, totalSteps: 10, decayFraction: 0.99 })).toThrow(
      /'decayFraction' must be in/,
    );
    expect(() => warmupStableDecay({ peak: 1, totalSteps: 10, final: 2 })).toThrow(/'final' must be ≤ 'peak'/);
  });
});
