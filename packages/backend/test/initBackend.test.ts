import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { disableNativeMatMul, isNativeMatMulEnabled, loadNativeBlas } from '@astroemu/native-blas';
import { BackendError, hostBlas, initBackend, isNode, poolWorkerNativeBlas, readFloat32Into } from '../src/index';

/** matmul + exact GELU + softmax, and the gradient of a weighted sum of it w.r.t. both inputs. */
function smallComputation(): { y: Float32Array; gx: Float32Array; gw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor2d(
      Array.from({ length: 24 }, (_, i) => Math.sin(i * 0.7) * 1.3),
      [4, 6],
    );
    const w = tf.tensor2d(
      Array.from({ length: 30 }, (_, i) => Math.cos(i * 1.1) * 0.6),
      [6, 5],
    );
    const c = tf.tensor2d(
      Array.from({ length: 20 }, (_, i) => ((i * 7) % 11) / 11 - 0.4),
      [4, 5],
    );
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      const h = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
      const g = tf.mul(tf.mul(h, 0.5), tf.add(1, tf.erf(tf.div(h, Math.SQRT2))));
      return tf.softmax(g);
    };
    const y = f(x, w);
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), c)))([x, w]);
    return { y: y.dataSync() as Float32Array, gx: gx!.dataSync() as Float32Array, gw: gw!.dataSync() as Float32Array };
  });
}

function expectClose(a: Float32Array, b: Float32Array, rtol: number, atol = 1e-7): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(b[i]!));
  }
}

describe('initBackend', () => {
  const savedEnv = process.env.ASTROEMU_BACKEND;
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.ASTROEMU_BACKEND;
    else process.env.ASTROEMU_BACKEND = savedEnv;
  });

  it('exports exactly the public API', async () => {
    expect(Object.keys(await import('../src/index')).sort()).toEqual(
      [
        'BACKEND_NAMES',
        'BackendError',
        'hostBlas',
        'initBackend',
        'isBackendName',
        'isNode',
        'poolWorkerNativeBlas',
        'readFloat32Into',
        'setHostBlas',
      ].sort(),
    );
  });

  it('detects Node', () => {
    expect(isNode()).toBe(true);
  });

  it('readFloat32Into copies a kernel output (wasm: from the heap) and an uploaded tensor at an offset, on wasm and cpu', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await initBackend({ backend, nativeBlas: false });
      const values = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));
      const x = tf.tensor2d(values, [3, 4]);
      const y = tf.tidy(() => tf.matMul(x, tf.eye(4)).mul(2));
      const out = new Float32Array(30).fill(-7);
      readFloat32Into(y, out, 5);
      readFloat32Into(x, out, 18);
      expect(Array.from(out.subarray(0, 5))).toEqual([-7, -7, -7, -7, -7]);
      values.forEach((v, i) => expect(out[5 + i]).toBeCloseTo(2 * v, 6));
      expect(Array.from(out.subarray(18))).toEqual(Array.from(values));
      expect(() => readFloat32Into(y, out, 20)).toThrow(/12 values from offset 20 do not fit in 30/);
      expect(() => readFloat32Into(tf.tensor1d([1], 'int32'), out)).toThrow(/expected a float32 tensor; got int32/);
      tf.dispose([x, y]);
    }
  });

  it('gives equal results (rtol 1e-5) for matmul + gelu + softmax and its gradient on cpu and wasm', async () => {
    expect(await initBackend({ backend: 'cpu' })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const onCpu = smallComputation();
    expect(await initBackend({ backend: 'wasm' })).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = smallComputation();
    expectClose(onWasm.y, onCpu.y, 1e-5);
    expectClose(onWasm.gx, onCpu.gx, 1e-5);
    expectClose(onWasm.gw, onCpu.gw, 1e-5);
    // the gradient is not trivially zero
    expect(Math.max(...onCpu.gx.map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('picks wasm in Node when tfjs-node is not installed (automatic order)', async () => {
    delete process.env.ASTROEMU_BACKEND;
    expect(await initBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('honours ASTROEMU_BACKEND, and opts.backend over it', async () => {
    process.env.ASTROEMU_BACKEND = 'cpu';
    expect(await initBackend()).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend({ backend: 'wasm' })).toBe('wasm');
  });

  it('rejects a forced backend that cannot load with a message saying what to install', async () => {
    const err = await initBackend({ backend: 'tensorflow' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).backend).toBe('tensorflow');
    expect((err as Error).message).toMatch(
      /initBackend: backend 'tensorflow' \(forced by opts\.backend\) could not be loaded .*install @tensorflow\/tfjs-node .*@tensorflow\/tfjs-node-gpu/,
    );
    process.env.ASTROEMU_BACKEND = 'webgl';
    await expect(initBackend()).rejects.toThrow(/backend 'webgl' \(forced by ASTROEMU_BACKEND\).*needs a browser/);
    process.env.ASTROEMU_BACKEND = 'webgpu';
    await expect(initBackend()).rejects.toThrow(/backend 'webgpu'.*navigator\.gpu/);
  });

  it('rejects an unknown backend name listing the known ones', async () => {
    process.env.ASTROEMU_BACKEND = 'cuda';
    await expect(initBackend()).rejects.toThrow(
      /ASTROEMU_BACKEND must be one of tensorflow, webgpu, webgl, wasm, cpu; got 'cuda'/,
    );
  });

  it('poolWorkerNativeBlas: one OpenBLAS thread per worker; required, tried or off as the pool or ASTROEMU_NATIVE_BLAS says', () => {
    const saved = process.env.ASTROEMU_NATIVE_BLAS;
    try {
      delete process.env.ASTROEMU_NATIVE_BLAS;
      expect(poolWorkerNativeBlas()).toEqual({ threads: 1, required: false });
      process.env.ASTROEMU_NATIVE_BLAS = '1';
      expect(poolWorkerNativeBlas()).toEqual({ threads: 1, required: true });
      expect(poolWorkerNativeBlas(false)).toBe(false);
      process.env.ASTROEMU_NATIVE_BLAS = '0';
      expect(poolWorkerNativeBlas()).toBe(false);
      expect(poolWorkerNativeBlas('auto')).toEqual({ threads: 1, required: false });
      expect(poolWorkerNativeBlas(true)).toEqual({ threads: 1, required: true });
    } finally {
      if (saved === undefined) delete process.env.ASTROEMU_NATIVE_BLAS;
      else process.env.ASTROEMU_NATIVE_BLAS = saved;
    }
  });

  // `npm test` builds the addon when it can; CI (ASTROEMU_REQUIRE_NATIVE=1) requires it.
  it.runIf(loadNativeBlas() !== undefined || process.env.ASTROEMU_REQUIRE_NATIVE === '1')(
    'nativeBlas: the wasm matMuls run in OpenBLAS with the same results; bad ASTROEMU_NATIVE_BLAS values are rejected',
    async () => {
      const saved = { flag: process.env.ASTROEMU_NATIVE_BLAS, threads: process.env.ASTROEMU_NATIVE_BLAS_THREADS };
      expect(loadNativeBlas(), 'build the addon: npm run build:native').toBeDefined();
      try {
        expect(await initBackend({ backend: 'wasm', nativeBlas: false })).toBe('wasm');
        expect(isNativeMatMulEnabled()).toBe(false);
        const plain = smallComputation();
        process.env.ASTROEMU_NATIVE_BLAS = '1';
        process.env.ASTROEMU_NATIVE_BLAS_THREADS = '1';
        expect(await initBackend({ backend: 'wasm' })).toBe('wasm');
        expect(isNativeMatMulEnabled()).toBe(true);
        const native = smallComputation();
        expectClose(native.y, plain.y, 1e-5);
        expectClose(native.gx, plain.gx, 1e-5);
        expectClose(native.gw, plain.gw, 1e-5);
        expect(hostBlas()).toBeDefined();
        disableNativeMatMul();
        expect(hostBlas()).toBeUndefined();
        // the default ('auto'): on when the addon loads; ASTROEMU_NATIVE_BLAS=0 keeps plain wasm
        delete process.env.ASTROEMU_NATIVE_BLAS;
        expect(await initBackend({ backend: 'wasm' })).toBe('wasm');
        expect(isNativeMatMulEnabled()).toBe(true);
        disableNativeMatMul();
        process.env.ASTROEMU_NATIVE_BLAS = '0';
        expect(await initBackend({ backend: 'wasm' })).toBe('wasm');
        expect(isNativeMatMulEnabled()).toBe(false);
        expect(await initBackend({ backend: 'wasm', nativeBlas: 'auto' })).toBe('wasm');
        expect(isNativeMatMulEnabled()).toBe(true);
        disableNativeMatMul();
        process.env.ASTROEMU_NATIVE_BLAS = 'yes';
        await expect(initBackend({ backend: 'wasm' })).rejects.toThrow(
          /ASTROEMU_NATIVE_BLAS must be 1 or 0; got 'yes'/,
        );
        process.env.ASTROEMU_NATIVE_BLAS = '1';
        process.env.ASTROEMU_NATIVE_BLAS_THREADS = '0';
        await expect(initBackend({ backend: 'wasm' })).rejects.toThrow(
          /ASTROEMU_NATIVE_BLAS_THREADS must be an integer ≥ 1; got '0'/,
        );
      } finally {
        disableNativeMatMul();
        for (const [k, v] of [
          ['ASTROEMU_NATIVE_BLAS', saved.flag],
          ['ASTROEMU_NATIVE_BLAS_THREADS', saved.threads],
        ] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    },
  );
});
