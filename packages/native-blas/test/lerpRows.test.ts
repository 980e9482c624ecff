import { expect, it } from 'vitest';
import { loadNativeBlas } from '../src/index';

// `npm test` builds the addon when it can (scripts/build-native.mjs). Where it could not be built these tests are
// skipped (npm test says so once); CI sets ASTROEMU_REQUIRE_NATIVE=1, which makes a missing addon a failure here.
const blas = loadNativeBlas();
const NATIVE = blas !== undefined || process.env.ASTROEMU_REQUIRE_NATIVE === '1';

/** The definition, in float64 JavaScript, rounded to float32 like the addon's output. */
function reference(
  F: Float32Array,
  offs: Int32Array,
  lo: Int32Array,
  c0: Float64Array,
  c1: Float64Array,
  base: Float64Array,
  scales: Float64Array,
): Float32Array {
  const K = lo.length;
  const out = new Float32Array(offs.length * K);
  offs.forEach((o, p) => {
    for (let k = 0; k < K; k++)
      out[p * K + k] = (c0[k] * F[o + lo[k]] + c1[k] * F[o + lo[k] + 1] - base[k]) * scales[p];
  });
  return out;
}

it.runIf(NATIVE)(
  'lerpRows: a two-tap interpolation of rows minus a base, scaled per row, equal to the float64 definition (1–9 rows)',
  () => {
    expect(blas, 'build the addon: npm run build:native').toBeDefined();
    const N = 101;
    const F = Float32Array.from({ length: 12 * N }, (_, i) => Math.sin(0.31 * i) + 0.2 * Math.cos(i * i));
    const K = 37;
    const lo = Int32Array.from({ length: K }, (_, k) => Math.min(N - 2, Math.floor(k * 2.6) + (k % 3)));
    const t = Float64Array.from({ length: K }, (_, k) => (k * 0.37) % 1);
    const cs = Float64Array.from({ length: K }, (_, k) => 0.5 + (k % 5));
    const c0 = Float64Array.from(t, (w, k) => (1 - w) * cs[k]);
    const c1 = Float64Array.from(t, (w, k) => w * cs[k]);
    const base = Float64Array.from({ length: K }, (_, k) => 0.1 * k);
    for (const P of [1, 3, 4, 5, 9]) {
      const offs = Int32Array.from({ length: P }, (_, p) => ((p * 5) % 12) * N);
      const scales = Float64Array.from({ length: P }, (_, p) => (p % 2 ? -1e3 : 250) / (p + 1));
      const out = new Float32Array(3 + P * K + 2).fill(7);
      blas!.lerpRows(F, offs, lo, c0, c1, base, scales, out, 3);
      expect(Array.from(out.subarray(3, 3 + P * K))).toEqual(Array.from(reference(F, offs, lo, c0, c1, base, scales)));
      expect([...out.subarray(0, 3), ...out.subarray(3 + P * K)]).toEqual([7, 7, 7, 7, 7]);
    }
  },
);

it.runIf(NATIVE)(
  'lerpRows rejects reads outside F, a short out, short weights and wrong array types, naming the argument',
  () => {
    const F = new Float32Array(20);
    const lo = Int32Array.of(0, 5, 9);
    const w = new Float64Array(3);
    const one = Float64Array.of(1);
    expect(() => blas!.lerpRows(F, Int32Array.of(10), lo, w, w, w, one, new Float32Array(3), 0)).toThrow(
      /row 0 reads F\[10 … 20\] outside its 20 elements/,
    );
    expect(() => blas!.lerpRows(F, Int32Array.of(0), Int32Array.of(-1), w, w, w, one, new Float32Array(3), 0)).toThrow(
      /outside its 20 elements/,
    );
    expect(() => blas!.lerpRows(F, Int32Array.of(0), lo, w, w, w, one, new Float32Array(4), 2)).toThrow(
      /out too short: expected >= 5 elements; got 4/,
    );
    expect(() =>
      blas!.lerpRows(F, Int32Array.of(0), lo, new Float64Array(2), w, w, one, new Float32Array(3), 0),
    ).toThrow(/c0, c1, base must have lo.length \(3\)/);
    expect(() =>
      blas!.lerpRows(
        F,
        Int32Array.of(0),
        lo,
        new Float32Array(3) as unknown as Float64Array,
        w,
        w,
        one,
        new Float32Array(3),
        0,
      ),
    ).toThrow(/argument 'c0' must be a Float64Array/);
    expect(() => blas!.lerpRows(F, [0] as unknown as Int32Array, lo, w, w, w, one, new Float32Array(3), 0)).toThrow(
      /argument 'rowOffsets' must be an Int32Array/,
    );
  },
);
