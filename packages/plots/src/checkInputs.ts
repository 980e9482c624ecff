import { PlotError } from './errors';
import type { NumberArray } from './plotSpec';

/** Throws a PlotError unless `values` holds `expected` numbers (or at least one when expected is undefined). */
export function checkLength(who: string, name: string, values: NumberArray | undefined, expected?: number): void {
  if (values === undefined || typeof values.length !== 'number') {
    throw new PlotError(
      `Argument '${name}' passed to '${who}' must be an array of numbers; got ${values === undefined ? 'undefined' : typeof values}`,
    );
  }
  if (expected === undefined ? values.length < 1 : values.length !== expected) {
    const want = expected === undefined ? 'at least 1 value' : `${expected} values`;
    throw new PlotError(`Argument '${name}' passed to '${who}' must hold ${want}; got ${values.length}`);
  }
}

/** Indices 0, k, 2k, … (and the last) so that at most `maxPoints` of `n` points are drawn. */
export function strideIndices(n: number, maxPoints: number): number[] {
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) {
    throw new PlotError(`Option 'maxPoints' must be an integer ≥ 2; got ${maxPoints}`);
  }
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil(n / maxPoints);
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

/** A finite number or null (vega-lite drops nulls instead of failing on NaN/Infinity). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
