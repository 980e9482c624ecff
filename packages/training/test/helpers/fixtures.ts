import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reference values written by scripts/fixtures/training_fixtures.py (numpy). */
export const fixtures = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/training_fixtures.json', import.meta.url)), 'utf8'),
) as Record<string, any>;

export function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-6): number {
  let e = 0;
  for (let i = 0; i < want.length; i++)
    e = Math.max(e, Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), floor));
  if (got.length !== want.length) return Infinity;
  return e;
}
