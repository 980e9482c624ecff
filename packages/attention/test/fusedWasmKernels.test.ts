import * as tf from '@tensorflow/tfjs';
import { hostBlas, initBackend } from '@astroemu/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFusedKernels } from '../scripts/buildSimd.mjs';
import {
  dense,
  geluTanh,
  geluTanhComposite,
  groupSoftmax,
  layerNorm,
  layerNormComposite,
  matMul,
  residualLayerNorm,
  sumRows,
  transposeLast2,
} from '../src/index';
import { fusedMatMulTN } from '../src/fusedWasmKernels';

// The SIMD WebAssembly kernels of src/fusedWasmKernels.ts (fusedKernels.wat), checked on the wasm backend against
// (1) the same maths in plain tf ops (autodiff for the gradients), (2) float64 JavaScript references and central
// differences of them, (3) the kernels they replace must actually run (tf.profile names them).

/** Deterministic values in [-amp, amp) (no tf random: the same numbers on every backend). */
function values(n: number, seed: number, amp = 2): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * amp;
  }
  return out;
}

const t = (shape: number[], seed: number, amp = 2, offset = 0): tf.Tensor =>
  tf.tensor(
    values(
      shape.reduce((a, b) => a * b, 1),
      seed,
      amp,
    ).map((v) => v + offset),
    shape,
  );

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m / Math.max(scale, 1e-30);
}

async function kernelNames(f: () => tf.TensorContainer): Promise<string[]> {
  const info = await tf.profile(() => f() as tf.Tensor);
  return info.kernels.map((k) => k.name);
}

// float64 references ---------------------------------------------------------------------------------------------
const C1 = 2 * Math.sqrt(2 / Math.PI);
const geluTanh64 = (x: number): number => 0.5 * x * (1 + Math.tanh((C1 / 2) * (x + 0.044715 * x ** 3)));

function layerNorm64(x: Float64Array, dim: number, g: Float64Array, b: Float64Array, eps: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let o = 0; o < x.length; o += dim) {
    let m = 0;
    for (let j = 0; j < dim; j++) m += x[o + j]!;
    m /= dim;
    let v = 0;
    for (let j = 0; j < dim; j++) v += (x[o + j]! - m) ** 2;
    const r = 1 / Math.sqrt(v / dim + eps);
    for (let j = 0; j < dim; j++) y[o + j] = (x[o + j]! - m) * r * g[j]! + b[j]!;
  }
  return y;
}

/** Central-difference gradient of the scalar f at x (float64), step h. */
function numericGrad(f: (x: Float64Array) => number, x: Float64Array, h = 1e-4): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i]!;
    x[i] = keep + h;
    const up = f(x);
    x[i] = keep - h;
    const down = f(x);
    x[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

const f64 = (x: tf.Tensor): Float64Array => Float64Array.from(x.dataSync());

describe('fused SIMD kernels on the wasm heap', () => {
  beforeAll(async () => {
    expect(await initBackend({ backend: 'wasm' })).toBe('wasm');
  });

  it('the committed module is the compiled fusedKernels.wat', async () => {
    const { readFileSync } = await import('node:fs');
    const committed = readFileSync(new URL('../src/simd/fusedKernelsWasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await compileFusedKernels());
  });

  it('LayerNorm: forward and gradients match tf ops + autodiff, and run as the fused kernels', async () => {
    for (const [shape, seed] of [
      [[3, 7, 32], 1],
      [[5, 8], 2],
      [[2, 3, 64], 3],
    ] as const) {
      const dim = shape[shape.length - 1]!;
      const x = t([...shape], seed, 3, 1.5);
      const scale = t([dim], seed + 10, 0.5, 1);
      const bias = t([dim], seed + 20, 0.5);
      const w = t([...shape], seed + 30);
      const fused = (a: tf.Tensor, s: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(layerNorm(a, { scale: s, bias: b }), w));
      const plain = (a: tf.Tensor, s: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(layerNormComposite(a, { scale: s, bias: b }), w));
      expect(
        maxRel(layerNorm(x, { scale, bias }).dataSync(), layerNormComposite(x, { scale, bias }).dataSync()),
      ).toBeLessThan(1e-6);
      const gf = tf.grads(fused)([x, scale, bias]);
      const gp = tf.grads(plain)([x, scale, bias]);
      for (let i = 0; i < 3; i++) expect(maxRel(gf[i]!.dataSync(), gp[i]!.dataSync())).toBeLessThan(2e-5);
      const names = await kernelNames(() => tf.grads(fused)([x, scale, bias]));
      expect(names).toContain('AstroemuLayerNorm');
      expect(names).toContain('AstroemuLayerNormGrad');
      expect(names).not.toContain('Rsqrt');
    }
  });

  it('LayerNorm gradient matches central differences of a float64 LayerNorm', () => {
    const shape = [4, 16];
    const x = t(shape, 7, 2, 0.3);
    const scale = t([16], 8, 0.5, 1);
    const bias = t([16], 9, 0.5);
    const w = t(shape, 10);
    const eps = 1e-6;
    const [gx, gs] = tf.grads((a: tf.Tensor, s: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(layerNorm(a, { scale: s, bias: b }, eps), w)),
    )([x, scale, bias]);
    const w64 = f64(w);
    const s64 = f64(scale);
    const b64 = f64(bias);
    const x64 = f64(x);
    const loss = (xs: Float64Array, ss: Float64Array) =>
      layerNorm64(xs, 16, ss, b64, eps).reduce((acc, v, i) => acc + v * w64[i]!, 0);
    expect(
      maxRel(
        gx!.dataSync(),
        numericGrad((xs) => loss(xs, s64), x64),
      ),
    ).toBeLessThan(1e-4);
    expect(
      maxRel(
        gs!.dataSync(),
        numericGrad((ss) => loss(x64, ss), s64),
      ),
    ).toBeLessThan(1e-4);
  });

  it('residualLayerNorm (s = a + d, pre = c + s, post = LN(s)): forward and gradients, broadcast a and c', async () => {
    for (const broadcast of [false, true]) {
      const full = [3, 5, 32];
      const lead = broadcast ? [1, 5, 32] : full;
      const a = t(lead, 11);
      const d = t(full, 12);
      const c = t(lead, 13);
      const scale = t([32], 14, 0.5, 1);
      const bias = t([32], 15, 0.5);
      const wPre = t(full, 16);
      const wPost = t(full, 17);
      const reference = (ai: tf.Tensor, di: tf.Tensor, ci: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => {
        const sum = tf.add(ai, di);
        return { pre: tf.add(ci, sum), post: layerNormComposite(sum, { scale: s, bias: b }) };
      };
      const lossOf =
        (f: typeof reference) => (ai: tf.Tensor, di: tf.Tensor, ci: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => {
          const r = f(ai, di, ci, s, b);
          return tf.add(tf.sum(tf.mul(r.pre, wPre)), tf.sum(tf.mul(r.post, wPost)));
        };
      const fused = (ai: tf.Tensor, di: tf.Tensor, ci: tf.Tensor, s: tf.Tensor, b: tf.Tensor) =>
        residualLayerNorm(ai, di, ci, { scale: s, bias: b });
      const rf = fused(a, d, c, scale, bias);
      const rr = reference(a, d, c, scale, bias);
      expect(maxRel(rf.pre.dataSync(), rr.pre.dataSync())).toBeLessThan(1e-6);
      expect(maxRel(rf.post.dataSync(), rr.post.dataSync())).toBeLessThan(1e-6);
      const gf = tf.grads(lossOf(fused))([a, d, c, scale, bias]);
      const gr = tf.grads(lossOf(reference))([a, d, c, scale, bias]);
      for (let i = 0; i < 5; i++) {
        expect(gf[i]!.shape).toEqual(gr[i]!.shape);
        expect(maxRel(gf[i]!.dataSync(), gr[i]!.dataSync())).toBeLessThan(2e-5);
      }
      const names = await kernelNames(() => tf.grads(lossOf(fused))([a, d, c, scale, bias]));
      expect(names).toContain('AstroemuResidualLayerNorm');
      expect(names).toContain('AstroemuLayerNormGrad');
    }
  });

  it('tanh GELU: forward vs float64, gradient vs autodiff and central differences, any length', async () => {
    for (const n of [4, 7, 13, 4096, 4099]) {
      const x = t([n], n, 6);
      const y = geluTanh(x).dataSync();
      const xs = x.dataSync();
      for (let i = 0; i < n; i++)
        expect(Math.abs(y[i]! - geluTanh64(xs[i]!))).toBeLessThan(2e-6 * (1 + Math.abs(xs[i]!)));
      const w = t([n], n + 1);
      const gf = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(geluTanh(a), w)))(x);
      const gp = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(geluTanhComposite(a), w)))(x);
      expect(maxRel(gf.dataSync(), gp.dataSync())).toBeLessThan(2e-5);
      if (n < 100) {
        const w64 = f64(w);
        const num = numericGrad((v) => v.reduce((acc, xi, i) => acc + geluTanh64(xi) * w64[i]!, 0), f64(x), 1e-5);
        expect(maxRel(gf.dataSync(), num)).toBeLessThan(1e-4);
      }
    }
    // saturated and tiny arguments: exp's clamp keeps everything finite
    const edge = tf.tensor1d([-200, -90, -30, -1e-4, 0, 1e-4, 30, 90, 200, 3, -3, 0.5]);
    const ye = geluTanh(edge).dataSync();
    const ge = tf
      .grad((a: tf.Tensor) => tf.sum(geluTanh(a)))(edge)
      .dataSync();
    edge.dataSync().forEach((v, i) => {
      expect(Math.abs(ye[i]! - geluTanh64(v))).toBeLessThan(1e-6 * (1 + Math.abs(v)));
      expect(Number.isFinite(ge[i]!)).toBe(true);
    });
    expect(ge[0]).toBeCloseTo(0, 6);
    // the backward's σ = y/x, and its small-|x| branch (|x| < 1e-3) on both sides of the switch, vs float64 d/dx
    const near = tf.tensor1d([0, 1e-6, -1e-6, 9.99e-4, -9.99e-4, 1.001e-3, -1.001e-3, 0.02, -7, -12, 12, 0.7]);
    const gn = tf
      .grad((a: tf.Tensor) => tf.sum(geluTanh(a)))(near)
      .dataSync();
    near.dataSync().forEach((v, i) => {
      const h = 1e-5 * Math.max(1, Math.abs(v));
      const want = (geluTanh64(v + h) - geluTanh64(v - h)) / (2 * h);
      expect(Math.abs(gn[i]! - want)).toBeLessThan(2e-6);
    });
    expect(ge[8]).toBeCloseTo(1, 6);
    expect(await kernelNames(() => tf.grad((a: tf.Tensor) => tf.sum(geluTanh(a)))(edge))).toContain(
      'AstroemuGeluTanhGrad',
    );
  });

  it('sumRows (float64 accumulation) and transposeLast2 match JavaScript loops', async () => {
    const x = t([1027, 12], 21, 1, 3);
    const xs = x.dataSync();
    const want = new Float64Array(12);
    for (let i = 0; i < xs.length; i++) want[i % 12]! += xs[i]!;
    expect(maxRel(sumRows(x).dataSync(), want)).toBeLessThan(1e-7);
    expect(await kernelNames(() => sumRows(x))).toEqual(['AstroemuSumRows']);
    for (const shape of [
      [132, 8],
      [2, 3, 200, 12],
      [4, 4],
    ]) {
      const a = t(shape, 22);
      const [r, c] = shape.slice(-2) as [number, number];
      const n = a.size / (r * c);
      const av = a.dataSync();
      const out = transposeLast2(a);
      expect(out.shape).toEqual([...shape.slice(0, -2), c, r]);
      const ov = out.dataSync();
      for (let b = 0; b < n; b++)
        for (let i = 0; i < r; i++)
          for (let j = 0; j < c; j++) expect(ov[b * r * c + j * r + i]).toBe(av[b * r * c + i * c + j]);
    }
  });

  it('batched products with small slices (one SIMD loop) match a float64 loop, and their gradients the cpu backend', async () => {
    for (const [B, m, k, n] of [
      [3, 17, 8, 32],
      [2, 5, 33, 8],
      [4, 8, 397, 16],
    ] as const) {
      const a = t([B, m, k], B * m + 1);
      const b = t([B, k, n], k * n + 2);
      const names = await kernelNames(() => matMul(a as tf.Tensor3D, b as tf.Tensor3D));
      expect(names).toContain('AstroemuSmallBatchedMatMul');
      const got = matMul(a as tf.Tensor3D, b as tf.Tensor3D).dataSync();
      const av = a.dataSync();
      const bv = b.dataSync();
      const want = new Float64Array(B * m * n);
      for (let s = 0; s < B; s++)
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let acc = 0;
            for (let q = 0; q < k; q++) acc += av[s * m * k + i * k + q]! * bv[s * k * n + q * n + j]!;
            want[s * m * n + i * n + j] = acc;
          }
      expect(maxRel(got, want)).toBeLessThan(1e-6);
    }
    const run = () =>
      tf.tidy(() => {
        const a = t([3, 17, 8], 61);
        const b = t([3, 8, 32], 62);
        const w = t([3, 17, 32], 63);
        return tf
          .grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x as tf.Tensor3D, y as tf.Tensor3D), w)))([a, b])
          .map((g) => Array.from(g.dataSync()));
      });
    const onWasm = run();
    await initBackend({ backend: 'cpu' });
    const onCpu = run();
    await initBackend({ backend: 'wasm' });
    for (let i = 0; i < 2; i++) expect(maxRel(onWasm[i]!, onCpu[i]!)).toBeLessThan(1e-5);
  });

  it('groupSoftmax (per-head softmax of side-by-side heads): forward vs float64, gradient vs tf.softmax autodiff', async () => {
    for (const [shape, group] of [
      [[2, 5, 8], 4],
      [[3, 16], 8],
      [[4, 12], 12],
    ] as const) {
      const x = t([...shape], group * 7, 20);
      const w = t([...shape], group * 7 + 1);
      const y = groupSoftmax(x, group).dataSync();
      const xs = x.dataSync();
      const want = new Float64Array(xs.length);
      for (let o = 0; o < xs.length; o += group) {
        let mx = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < group; j++) mx = Math.max(mx, xs[o + j]!);
        let sum = 0;
        for (let j = 0; j < group; j++) sum += Math.exp(xs[o + j]! - mx);
        for (let j = 0; j < group; j++) want[o + j] = Math.exp(xs[o + j]! - mx) / sum;
      }
      expect(maxRel(y, want)).toBeLessThan(1e-6);
      const plain = (a: tf.Tensor) => tf.softmax(a.reshape([-1, group]), -1).reshape(a.shape);
      const gf = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(groupSoftmax(a, group), w)))(x);
      const gp = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(plain(a), w)))(x);
      expect(maxRel(gf.dataSync(), gp.dataSync())).toBeLessThan(1e-5);
      const names = await kernelNames(() => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(groupSoftmax(a, group), w)))(x));
      expect(names).toContain('AstroemuGroupSoftmaxGrad');
      expect(names).not.toContain('Softmax');
    }
    expect(() => groupSoftmax(tf.zeros([2, 6]), 4)).toThrow(/group must divide/);
  });

  it('a widening dense layer (its weight gradient computed as (dYᵀ·x)ᵀ) matches the cpu backend', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = t([37, 8], 31);
        const kernel = t([8, 32], 32, 0.5);
        const bias = t([32], 33, 0.5);
        const w = t([37, 32], 34);
        const g = tf.grads((xi: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(dense(xi, { kernel: k, bias: b }), w)),
        )([x, kernel, bias]);
        return g.map((v) => Array.from(v.dataSync()));
      });
    const onWasm = run();
    await initBackend({ backend: 'cpu' });
    const onCpu = run();
    await initBackend({ backend: 'wasm' });
    for (let i = 0; i < 3; i++) expect(maxRel(onWasm[i]!, onCpu[i]!)).toBeLessThan(1e-5);
  });

  it('weight gradients xᵀ·dY (one SIMD kernel, matMulTN) match a float64 loop and the cpu backend', async () => {
    // rows 300 (two blocks of 128 and a partial one), 8 and 1; widths m % 4 = 0 and n % 8 = 0, and not (fallback)
    for (const [k, m, n] of [
      [300, 12, 16],
      [8, 4, 8],
      [1, 32, 8],
      [300, 6, 8],
      [300, 8, 12],
    ] as const) {
      const x = t([k, m], 61 + k + m);
      const dy = t([k, n], 62 + n);
      const xs = x.dataSync();
      const ds = dy.dataSync();
      const want = new Float64Array(m * n);
      for (let r = 0; r < k; r++)
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) want[i * n + j]! += xs[r * m + i]! * ds[r * n + j]!;
      const kernel = t([m, n], 63, 0.5);
      // d/dkernel of Σ (x·kernel)⊙dy = xᵀ·dy
      const grad = () => tf.grad((w: tf.Tensor) => tf.sum(tf.mul(matMul(x, w), dy)))(kernel);
      const got = grad();
      expect(maxRel(got.dataSync(), want)).toBeLessThan(2e-6);
      const eligible = m % 4 === 0 && n % 8 === 0;
      // the kernel itself (the native pass routes matMul through OpenBLAS, so it is called directly here too)
      const direct = fusedMatMulTN(x, dy);
      expect(direct !== undefined).toBe(eligible);
      if (direct !== undefined) expect(maxRel(direct.dataSync(), want)).toBeLessThan(2e-6);
      // and the backward pass uses it on plain wasm (with the native accelerator on, sgemm's transpose flags instead)
      const names = await kernelNames(grad);
      if (eligible && hostBlas() === undefined) expect(names).toContain('AstroemuMatMulTN');
      else expect(names).not.toContain('AstroemuMatMulTN');
      tf.dispose([x, dy, kernel, got, ...(direct === undefined ? [] : [direct])]);
    }
    const run = () =>
      tf.tidy(() => {
        const x = t([260, 16], 64);
        const w = t([260, 24], 65);
        const g = tf.grads((xi: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(dense(xi, { kernel: k, bias: b }), w)),
        )([x, t([16, 24], 66, 0.5), t([24], 67, 0.5)]);
        return g.map((v) => Array.from(v.dataSync()));
      });
    const onWasm = run();
    await initBackend({ backend: 'cpu' });
    const onCpu = run();
    await initBackend({ backend: 'wasm' });
    for (let i = 0; i < 3; i++) expect(maxRel(onWasm[i]!, onCpu[i]!)).toBeLessThan(1e-5);
  });

  it('results stay right after the heap grows, and training-style loops do not leak tensors', () => {
    const x = t([6, 32], 41);
    const scale = t([32], 42, 0.5, 1);
    const bias = t([32], 43);
    const before = layerNorm(x, { scale, bias }).dataSync().slice();
    const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
    const pages = memory.buffer.byteLength;
    const big = tf.zeros([64 << 20]); // 256 MB: grows the heap
    expect(memory.buffer.byteLength).toBeGreaterThan(pages);
    expect(Array.from(layerNorm(x, { scale, bias }).dataSync())).toEqual(Array.from(before));
    big.dispose();
    const step = () =>
      tf
        .tidy(() => {
          const g = tf.grads((a: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => {
            const r = residualLayerNorm(a, geluTanh(a), a, { scale: s, bias: b });
            return tf.add(tf.sum(sumRows(r.post)), tf.sum(tf.mul(sumRows(transposeLast2(r.pre)), 0.5)));
          })([x, scale, bias]);
          return g[0]!;
        })
        .dispose();
    step();
    const count = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(count);
  });

  it('falls back to the tf-op forms off wasm and for widths that are not a multiple of 4', async () => {
    const x = t([3, 6], 51);
    const scale = t([6], 52, 0.5, 1);
    const bias = t([6], 53);
    const names = await kernelNames(() => layerNorm(x, { scale, bias }));
    expect(names).not.toContain('AstroemuLayerNorm');
    expect(
      maxRel(layerNorm(x, { scale, bias }).dataSync(), layerNormComposite(x, { scale, bias }).dataSync()),
    ).toBeLessThan(1e-6);
    await initBackend({ backend: 'cpu' });
    try {
      const y = t([3, 8], 54);
      const s8 = t([8], 55, 0.5, 1);
      const b8 = t([8], 56);
      const r = residualLayerNorm(y, y, y, { scale: s8, bias: b8 });
      expect(
        maxRel(r.post.dataSync(), layerNormComposite(tf.add(y, y), { scale: s8, bias: b8 }).dataSync()),
      ).toBeLessThan(1e-6);
      expect(await kernelNames(() => geluTanh(y))).not.toContain('AstroemuGeluTanh');
    } finally {
      await initBackend({ backend: 'wasm' });
    }
  });
});
