import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { encodeNpz } from '@astroemu/grid-io';
import { importPerPixelPayneNpz } from '../src/index';
import { compilePerPixelNetwork } from '../scripts/buildSimd.mjs';

// The float64 SIMD WebAssembly kernel of predictHost (src/simd/perPixelNetwork.wat) against the JavaScript loops it
// replaces (useKernel = false), on random networks of several shapes (odd H: the padding unit; L = 1 … 5), with
// activations up to ±900 (the exponent's clamp), for values and Jacobians, on the full grid and on pixel subsets.

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

async function network(P: number, H: number, L: number, scale: number, seed: number) {
  const r = random(seed);
  const arr = (n: number, a: number) => Float32Array.from({ length: n }, () => a * r());
  return importPerPixelPayneNpz(
    encodeNpz({
      w_array_0: { data: arr(P * H * L, scale), shape: [P, H, L] },
      b_array_0: { data: arr(P * H, scale), shape: [P, H] },
      w_array_1: { data: arr(P * H, 2), shape: [P, H] },
      b_array_1: { data: arr(P, 1), shape: [P] },
      x_min: { data: new Float64Array(L).fill(-1), shape: [L] },
      x_max: { data: new Float64Array(L).fill(3), shape: [L] },
    }),
    Float64Array.from({ length: P }, (_, i) => 15000 + i),
  );
}

test('the committed kernel module is the compiled perPixelNetwork.wat', async () => {
  const committed = readFileSync(new URL('../src/simd/perPixelNetworkWasm.ts', import.meta.url), 'utf8');
  expect(committed).toBe(await compilePerPixelNetwork());
});

test.each([
  [1, 1, 4],
  [3, 2, 40],
  [5, 4, 8],
  [5, 5, 8],
  [6, 3, 1800],
])('H = %i, L = %i (activations up to ≈ %i): the kernel equals the JavaScript loops to 1e-13', async (H, L, scale) => {
  const P = 37;
  const net = await network(P, H, L, scale, 7 * H + L);
  const labels = Array.from({ length: L }, (_, k) => -0.7 + 0.9 * k);
  const subset = Int32Array.from([0, 5, 6, 20, P - 1]);
  const run = (useKernel: boolean, pixels?: Int32Array) => {
    net.useKernel = useKernel;
    const jac = labels.map(() => new Float64Array(P).fill(-9));
    const withJ = net.predictHost(labels, jac, pixels);
    const values = net.predictHost(labels, undefined, pixels);
    return { withJ, values, jac };
  };
  for (const pixels of [undefined, subset]) {
    const k = run(true, pixels);
    const js = run(false, pixels);
    const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let worst = 0;
      for (let p = 0; p < P; p++) worst = Math.max(worst, Math.abs(a[p]! - b[p]!) / Math.max(1, Math.abs(b[p]!)));
      return worst;
    };
    expect(close(k.withJ, js.withJ)).toBeLessThan(1e-13);
    expect(close(k.values, js.values)).toBeLessThan(1e-13);
    expect(close(k.values, k.withJ)).toBeLessThan(1e-13);
    k.jac.forEach((col, q) => expect(close(col, js.jac[q]!), `∂/∂label ${q}`).toBeLessThan(1e-13));
    if (pixels) {
      // pixels outside the subset: flux 0, Jacobian arrays untouched
      expect(k.values[1]).toBe(0);
      expect(k.jac[0]![1]).toBe(-9);
    }
  }
  net.dispose();
});

test('σ of the kernel equals 1 / (1 + Math.exp(−a)) to 2e-16 relative over a ∈ [−30, 30], and saturates at ±800', async () => {
  // two equal pixels, one hidden unit, one label: flux = σ(b0 + w0·x) with x = label − 0.5 on [0, 1]
  const as = [-800, -745, -30, -12.5, -1, -1e-3, 0, 1e-3, 0.7, 3, 12.5, 30, 745, 800];
  for (const a of as) {
    const net = await importPerPixelPayneNpz(
      encodeNpz({
        w_array_0: { data: new Float64Array([1, 1]), shape: [2, 1, 1] },
        b_array_0: { data: new Float64Array([a, a]), shape: [2, 1] },
        w_array_1: { data: new Float64Array([1, 1]), shape: [2, 1] },
        b_array_1: { data: new Float64Array([0, 0]), shape: [2] },
        x_min: { data: new Float64Array([0]), shape: [1] },
        x_max: { data: new Float64Array([1]), shape: [1] },
      }),
      Float64Array.from([15000, 15001]),
    );
    const b = Math.fround(a); // the weights are float32 variables
    const got = net.predictHost([0.5])[0]!;
    const want = 1 / (1 + Math.exp(-b));
    if (Math.abs(b) < 700) expect(Math.abs(got - want) / want, `a = ${a}`).toBeLessThan(2e-16);
    else expect(Math.abs(got - want), `a = ${a}`).toBeLessThan(1e-300);
    net.dispose();
  }
});
