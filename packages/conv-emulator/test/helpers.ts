import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export const fixturePath = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
export const readJson = <T>(name: string): T => JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;

/** max |a − b| / (atol + rtol·|b|) ≤ 1, reporting the worst element. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let maxAbs = 0;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i]! - want[i]!);
    maxAbs = Math.max(maxAbs, err);
    worst = Math.max(worst, err / (atol + rtol * Math.abs(want[i]!)));
  }
  expect(worst, `max abs error ${maxAbs}`).toBeLessThanOrEqual(1);
  return maxAbs;
}

/** Runs `fn` and asserts that it leaves no new tensor behind. */
export async function expectNoLeak(fn: () => unknown | Promise<unknown>): Promise<void> {
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors).toBe(before);
}
