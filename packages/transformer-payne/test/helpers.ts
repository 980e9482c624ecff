import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { TransformerPayne, TransformerPayneArchitecture } from '../src/index';

export interface Arr {
  shape: number[];
  values: number[];
}

interface Fixture {
  architecture: TransformerPayneArchitecture;
  labels: Array<{ name: string; unit: string; min: number; max: number }>;
  wavelength: { min: number; max: number };
  params: Array<{ name: string; shape: number[] }>;
  inputs: { labels: Arr; wavelength: number[]; mapWavelength: number[] };
  expected: { flux: Arr; tokens: Arr; attentionMaps: Arr; jacobianMean: Arr };
}

/** Written by scripts/fixtures/transformer_payne_fixtures.py (independent numpy float64 implementation). */
export const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/transformer_payne.json', import.meta.url), 'utf8'),
) as Fixture;

export const LABELS = fixture.labels;
export const WAVELENGTH_RANGE = fixture.wavelength;

/**
 * The fixture's weight values, generated exactly as the Python script does: integer LCG per parameter j
 * (state₀ = 2654435761·(j+1) mod 2³²), u = (state + ½)/2³², value = centre + amp·(2u − 1) rounded to float32.
 */
export function fixtureWeights(): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  fixture.params.forEach(({ name, shape }, j) => {
    const n = shape.reduce((a, b) => a * b, 1);
    let state = Math.imul(2654435761 | 0, j + 1) >>> 0;
    const [centre, amp] = name.endsWith('/kernel')
      ? [0, Math.sqrt(3 / shape[0]!)]
      : name.endsWith('/scale')
        ? [1, 0.2]
        : [0, 0.1];
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      state = (Math.imul(1664525, state) + 1013904223) >>> 0;
      const u = (state + 0.5) / 4294967296;
      v[i] = centre + amp * (2 * u - 1);
    }
    out.set(name, v);
  });
  return out;
}

/** Assign the fixture weights to a model built with the `small` preset and the fixture's labels. */
export function loadFixtureWeights(model: TransformerPayne): void {
  for (const [name, values] of fixtureWeights()) model.parameters.assign(name, values);
}

export function tensor(a: Arr): tf.Tensor {
  return tf.tensor(a.values, a.shape, 'float32');
}

/** Fails on the first element with |actual − expected| > atol + rtol·|expected|; returns the largest |actual − expected|. */
export function expectClose(
  actual: tf.Tensor | Float32Array,
  expected: Arr | ArrayLike<number>,
  atol: number,
  rtol = 0,
): number {
  const exp = Array.isArray((expected as Arr).values) ? (expected as Arr) : undefined;
  if (exp && actual instanceof tf.Tensor) expect(actual.shape).toEqual(exp.shape);
  const a = actual instanceof tf.Tensor ? actual.dataSync() : actual;
  const e = exp ? exp.values : (expected as ArrayLike<number>);
  expect(a.length).toBe(e.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i]! - e[i]!);
    worst = Math.max(worst, err);
    if (!(err <= atol + rtol * Math.abs(e[i]!)))
      expect.fail(`element ${i}: got ${a[i]}, expected ${e[i]} (atol ${atol}, rtol ${rtol})`);
  }
  return worst;
}

/** Evenly spaced grid of m wavelengths in [lo, hi] (Å). */
export function grid(m: number, lo = 4000, hi = 5000): Float64Array {
  return Float64Array.from({ length: m }, (_, i) => (m === 1 ? lo : lo + (i * (hi - lo)) / (m - 1)));
}
