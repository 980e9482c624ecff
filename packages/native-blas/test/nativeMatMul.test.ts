import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import {
  disableNativeMatMul,
  enableNativeMatMul,
  isNativeMatMulEnabled,
  loadNativeBlas,
  nativeBlasLoadError,
} from '../src/index';

const BUILD_HINT = 'run `npm run build:native -w @astroemu/native-blas` (needs Debian libopenblas-dev, g++, make)';
const blas = loadNativeBlas();

// `npm test` builds the addon when it can (scripts/build-native.mjs). Where it could not be built these tests are
// skipped (npm test says so once); CI sets ASTROEMU_REQUIRE_NATIVE=1, which makes a missing addon a failure here.
const NATIVE = blas !== undefined || process.env.ASTROEMU_REQUIRE_NATIVE === '1';

it.runIf(NATIVE)('the OpenBLAS addon is built and loads', () => {
  expect(
    blas,
    `@astroemu/native-blas: the addon is not built or does not load (${nativeBlasLoadError()}); ${BUILD_HINT}`,
  ).toBeDefined();
});

/** Run `f` with the wasm backend's own kernels, then with the native ones; both results as Float32Arrays. */
function bothWays(f: () => tf.Tensor): { original: Float32Array; native: Float32Array; shapes: number[][] } {
  disableNativeMatMul();
  const o = tf.tidy(f);
  expect(enableNativeMatMul()).toBe(true);
  const n = tf.tidy(f);
  const out = {
    original: o.dataSync() as Float32Array,
    native: n.dataSync() as Float32Array,
    shapes: [o.shape, n.shape],
  };
  tf.dispose([o, n]);
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(rel * Math.max(scale, 1e-30));
}

let seed = 1;
const rnd = (shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', seed++);

describe.runIf(NATIVE)('native OpenBLAS matMul kernels on the wasm backend', () => {
  let previousBackend = '';
  beforeAll(async () => {
    previousBackend = tf.getBackend();
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    expect(await tf.setBackend('wasm')).toBe(true);
    await tf.ready();
    expect(enableNativeMatMul({ threads: 1 })).toBe(true);
  });
  afterAll(async () => {
    disableNativeMatMul();
    if (previousBackend) await tf.setBackend(previousBackend);
  });

  it('the addon validates its arguments with clear messages', () => {
    const a = new Float32Array(6);
    expect(() => blas!.sgemm(false, false, 2, 2, 3, 1, a, 3, a, 2, 0, new Float32Array(3), 2)).toThrow(
      /sgemm: arrays too short for M=2, N=2, K=3: expected A >= 6, B >= 6, C >= 4 elements; got A=6, B=6, C=3/,
    );
    expect(() => blas!.sgemm(false, false, 2, 2, 3, 1, a, 2, a, 2, 0, a, 2)).toThrow(/leading dimensions too small/);
    expect(() => blas!.sgemm(false, false, 2, 2, 3, 1, [1] as unknown as Float32Array, 3, a, 2, 0, a, 2)).toThrow(
      /argument 'A' must be a Float32Array/,
    );
    expect(() => blas!.sgemm(false, false, -1, 2, 3, 1, a, 3, a, 2, 0, a, 2)).toThrow(
      /argument 'M' must be an integer/,
    );
    expect(() => blas!.setNumThreads(0)).toThrow(/setNumThreads: argument 'n'/);
  });

  it('sgemm honours byte offsets of subarrays', () => {
    const buf = new Float32Array([9, 1, 2, 3, 4, 9, 9]);
    const c = new Float32Array(5);
    blas!.sgemm(false, false, 2, 2, 2, 1, buf.subarray(1, 5), 2, buf.subarray(1, 5), 2, 0, c.subarray(1), 2);
    expect(Array.from(c)).toEqual([0, 7, 10, 15, 22]);
  });

  const cases: Array<[string, number[], number[]]> = [
    ['1×1×1', [1, 1], [1, 1]],
    ['3×7×5', [3, 7], [7, 5]],
    ['129×257×65', [129, 257], [257, 65]],
    ['batched 4×(5×6×7)', [4, 5, 6], [4, 6, 7]],
    ['rank-4 batched', [2, 3, 5, 6], [2, 3, 6, 4]],
    ['A batched, B broadcast', [3, 17, 9], [9, 11]],
    ['A broadcast, B batched', [1, 17, 9], [3, 9, 11]],
    ['A rank 2, B batched', [17, 9], [2, 9, 11]],
    ['zero rows', [0, 4], [4, 3]],
  ];
  for (const [name, aShape, bShape] of cases) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`matMul ${name}, transposeA=${transposeA}, transposeB=${transposeB}`, () => {
          const swap = (s: number[], t: boolean) => (t ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s);
          const a = rnd(swap(aShape, transposeA));
          const b = rnd(swap(bShape, transposeB));
          const before = tf.memory().numTensors;
          const r = bothWays(() => tf.matMul(a, b, transposeA, transposeB));
          expect(tf.memory().numTensors).toBe(before);
          expect(r.shapes[1]).toEqual(r.shapes[0]);
          expectClose(r.native, r.original);
          tf.dispose([a, b]);
        });
      }
    }
  }

  it('uses the native kernel (different from the original) while enabled', () => {
    expect(isNativeMatMulEnabled()).toBe(true);
    const mine = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    expect(disableNativeMatMul()).toBe(true);
    const original = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    expect(mine).not.toBe(original);
    expect(enableNativeMatMul()).toBe(true);
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).not.toBe(original);
  });

  it('disableNativeMatMul restores the original kernel configs', () => {
    expect(disableNativeMatMul()).toBe(true);
    const bmm = tf.getKernel('BatchMatMul', 'wasm')!;
    const fused = tf.getKernel('_FusedMatMul', 'wasm')!;
    expect(enableNativeMatMul()).toBe(true);
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(bmm);
    expect(tf.getKernel('_FusedMatMul', 'wasm')).not.toBe(fused);
    expect(disableNativeMatMul()).toBe(true);
    expect(isNativeMatMulEnabled()).toBe(false);
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(bmm);
    expect(tf.getKernel('_FusedMatMul', 'wasm')).toBe(fused);
    expect(disableNativeMatMul()).toBe(false);
    expect(enableNativeMatMul()).toBe(true);
  });

  /** The unfused reference of tf.fused.matMul, computed with the wasm backend's own kernels. */
  function unfused(
    a: tf.Tensor,
    b: tf.Tensor,
    transposeA: boolean,
    transposeB: boolean,
    bias: tf.Tensor | undefined,
    activation: string,
  ): Float32Array {
    const wasEnabled = disableNativeMatMul();
    const y = tf.tidy(() => {
      let z = tf.matMul(a, b, transposeA, transposeB);
      if (bias) z = tf.add(z, bias);
      if (activation === 'relu') z = tf.relu(z);
      if (activation === 'leakyrelu') z = tf.leakyRelu(z, 0.3);
      if (activation === 'elu') z = tf.elu(z);
      return z;
    });
    if (wasEnabled) enableNativeMatMul();
    const out = y.dataSync() as Float32Array;
    y.dispose();
    return out;
  }

  const fusedCases: Array<[string, Parameters<typeof tf.fused.matMul>[0]['activation'], boolean]> = [
    ['linear', 'linear', true],
    ['relu', 'relu', true],
    ['leakyrelu', 'leakyrelu', true],
    ['relu without bias', 'relu', false],
    ['elu (falls back to the wasm kernel)', 'elu', true],
  ];
  for (const [name, activation, withBias] of fusedCases) {
    for (const batch of [1, 2]) {
      for (const [transposeA, transposeB] of [
        [false, false],
        [true, true],
        [false, true],
      ]) {
        it(`fused matMul ${name}, batch ${batch}, transposeA=${transposeA}, transposeB=${transposeB}`, () => {
          const a = rnd(transposeA ? [batch, 13, 31] : [batch, 31, 13]);
          const b = rnd(transposeB ? [batch, 9, 13] : [batch, 13, 9]);
          const bias = withBias ? rnd([9]) : undefined;
          const before = tf.memory().numTensors;
          const r = bothWays(() =>
            tf.fused.matMul({ a, b, transposeA, transposeB, bias, activation, leakyreluAlpha: 0.3 }),
          );
          expect(tf.memory().numTensors).toBe(before);
          expect(r.shapes[1]).toEqual(r.shapes[0]);
          if (activation === 'elu') {
            // Not handled natively: the original kernel runs, so the results are identical.
            expect(Array.from(r.native)).toEqual(Array.from(r.original));
          } else {
            expectClose(r.native, unfused(a, b, transposeA, transposeB, bias, activation ?? 'linear'));
            // tfjs-backend-wasm 4.22's own _FusedMatMul adds a rank-1 bias wrongly when batch > 1 or transposeB
            // (see the README), so with a bias the original kernel is a reference only for batch 1, B not transposed.
            if (!withBias || (batch === 1 && !transposeB)) expectClose(r.native, r.original);
          }
          expect(tf.memory().numTensors).toBe(before);
          tf.dispose([a, b, ...(bias ? [bias] : [])]);
        });
      }
    }
  }

  it('fused matMul with a full-shape bias matches matMul + add', () => {
    const a = rnd([3, 8, 5]);
    const b = rnd([3, 5, 6]);
    const bias = rnd([3, 8, 6]);
    const got = tf.fused.matMul({ a, b, bias, activation: 'relu' });
    const want = tf.relu(tf.add(tf.matMul(a, b), bias));
    expectClose(got.dataSync(), want.dataSync());
    tf.dispose([a, b, bias, got, want]);
  });

  it('gradients through tf.grads agree with the original kernels', () => {
    const a = rnd([66, 17]);
    const b = rnd([17, 12]);
    const bias = rnd([12]);
    const c = rnd([3, 5, 7]);
    const d = rnd([3, 7, 4]);
    const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor, u: tf.Tensor, v: tf.Tensor) =>
      tf.add(
        tf.sum(tf.square(tf.add(tf.fused.matMul({ a: x, b: y, bias: z }), tf.matMul(x, y)))),
        tf.sum(tf.square(tf.matMul(u, v))),
      );
    const run = () =>
      tf.tidy(() =>
        tf.concat(
          tf
            .grads(f)([a, b, bias, c, d])
            .map((g) => g.flatten()),
        ),
      );
    const before = tf.memory().numTensors;
    const r = bothWays(run);
    expect(tf.memory().numTensors).toBe(before);
    expectClose(r.native, r.original);
    tf.dispose([a, b, bias, c, d]);
  });

  it('enableNativeMatMul rejects a bad thread count and applies a good one', () => {
    expect(() => enableNativeMatMul({ threads: 0 })).toThrow(/'threads' must be a positive integer; got 0/);
    expect(enableNativeMatMul({ threads: 1 })).toBe(true);
    expect(blas!.getNumThreads()).toBe(1);
  });
});
