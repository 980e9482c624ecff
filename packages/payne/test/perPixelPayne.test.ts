import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BundleError, getEmulatorKind, loadEmulator, saveEmulator, ShapeError } from '@astroemu/emulator-core';
import { encodeNpz } from '@astroemu/grid-io';
import {
  importMlpRegressorNpz,
  importPerPixelPayneNpz,
  loadBinspecNetworks,
  PerPixelPayneEmulator,
  type BinspecNetworks,
} from '../src/index';
import { expectClose, expectNoLeak, fixturePath, readJson } from './helpers';

// Expected values: numpy in float64 (packages/inference/test/fixtures/make_binspec_fixture.py).
const fx = readJson<{
  pixels: number[];
  normalized: { labels: number[][]; flux: number[][] };
  unnormalized: { labels: number[][]; flux: number[][] };
  radius: { inputs: number[][]; outputs: number[][] };
  teff2logg2: { inputs: number[][]; outputs: number[][] };
}>('binspec_networks.json');
const dir = fixturePath('binspec');
let nets: BinspecNetworks;
const tmp = mkdtempSync(join(tmpdir(), 'payne-pp-'));

beforeAll(async () => {
  await tf.setBackend('cpu');
  nets = await loadBinspecNetworks(dir, `${dir}/apogee_wavelength.npz`);
});
afterAll(() => {
  for (const n of [nets.normalized, nets.unnormalized, nets.radius, nets.teff2Logg2]) n.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

function pick(flux: Float32Array | Int32Array | Uint8Array, rows: number, P: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) for (const p of fx.pixels) out.push(flux[r * P + p]!);
  return out;
}

test.each(['normalized', 'unnormalized'] as const)(
  'the %s per-pixel network equals numpy (float64) to 1e-5',
  async (which) => {
    const em = nets[which];
    expect(em.kind).toBe('payne-per-pixel');
    expect(em.wavelength.fixed!.length).toBe(7214);
    await expectNoLeak(() => {
      const y = tf.tidy(() => em.predict(tf.tensor2d(fx[which].labels)));
      const worst = expectClose(
        pick(y.dataSync() as Float32Array, fx[which].labels.length, 7214),
        fx[which].flux.flat(),
        1e-5,
        1e-5,
      );
      expect(worst).toBeGreaterThanOrEqual(0);
      y.dispose();
    });
  },
);

test('labels, units and bounds come from x_min / x_max', () => {
  expect(nets.normalized.labels.map((l) => l.name)).toEqual(['Teff', 'logg', '[Fe/H]', '[Mg/Fe]', 'vmacro']);
  expect(nets.normalized.labels[0]!.min).toBeCloseTo(4200.49231, 3);
  expect(nets.unnormalized.labels.length).toBe(4);
  expect(nets.normalized.parameterCount()).toBe(7214 * (5 * 5 + 5 + 5 + 1));
});

test.each(['radius', 'teff2logg2'] as const)('the %s regressor equals numpy (tf and host float64)', async (which) => {
  const reg = which === 'radius' ? nets.radius : nets.teff2Logg2;
  const c = fx[which];
  await expectNoLeak(() => {
    const y = tf.tidy(() => reg.predict(tf.tensor2d(c.inputs)));
    expectClose(y.dataSync(), c.outputs.flat(), 1e-5, 1e-6);
    y.dispose();
  });
  expectClose(
    c.inputs.flatMap((x) => Array.from(reg.predictHost(x))),
    c.outputs.flat(),
    1e-7,
    1e-9,
  );
});

test('the regressor is differentiable: tf gradient matches finite differences of the host evaluation', () => {
  const x = [5800, 4.3, -0.2, 0.6];
  const g = tf.tidy(
    () =>
      tf
        .grad((t: tf.Tensor) =>
          nets.teff2Logg2
            .predict(t.reshape([1, 4]) as tf.Tensor2D)
            .slice([0, 0], [1, 1])
            .sum(),
        )(tf.tensor1d(x))
        .arraySync() as number[],
  );
  const steps = [1, 1e-3, 1e-3, 1e-4];
  steps.forEach((h, k) => {
    const up = [...x];
    const dn = [...x];
    up[k]! += h;
    dn[k]! -= h;
    const fd = (nets.teff2Logg2.predictHost(up)[0]! - nets.teff2Logg2.predictHost(dn)[0]!) / (2 * h);
    expect(Math.abs(g[k]! - fd)).toBeLessThan(1e-3 * Math.abs(fd) + 1e-6);
  });
});

test("kind 'payne-per-pixel' is registered; save → load → predict is bit for bit", async () => {
  expect(getEmulatorKind('payne-per-pixel').kind).toBe('payne-per-pixel');
  const d = join(tmp, 'norm');
  await saveEmulator(d, nets.normalized);
  const loaded = await loadEmulator(d, { verifyFingerprint: true });
  expect(loaded).toBeInstanceOf(PerPixelPayneEmulator);
  expect(loaded.config()).toEqual(nets.normalized.config());
  const x = tf.tensor2d(fx.normalized.labels);
  const a = nets.normalized.predict(x);
  const b = loaded.predict(x);
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  tf.dispose([x, a, b]);
  loaded.dispose();
});

test('bad files: missing arrays and wrong shapes are named', async () => {
  const grid = Float64Array.from({ length: 3 }, (_, i) => 15000 + i);
  const ok = {
    w_array_0: { data: new Float32Array(3 * 2 * 2), shape: [3, 2, 2] },
    b_array_0: { data: new Float32Array(6), shape: [3, 2] },
    w_array_1: { data: new Float32Array(6), shape: [3, 2] },
    b_array_1: { data: new Float32Array(3), shape: [3] },
    x_min: { data: new Float64Array([0, 0]), shape: [2] },
    x_max: { data: new Float64Array([1, 1]), shape: [2] },
  };
  const em = await importPerPixelPayneNpz(encodeNpz(ok), grid);
  expect(em.wavelength.fixed!.length).toBe(3);
  em.dispose();
  const { b_array_1: _, ...missing } = ok;
  await expect(importPerPixelPayneNpz(encodeNpz(missing), grid)).rejects.toThrow(BundleError);
  await expect(importPerPixelPayneNpz(encodeNpz(missing), grid)).rejects.toThrow(/b_array_1/);
  await expect(
    importPerPixelPayneNpz(encodeNpz({ ...ok, w_array_1: { data: new Float32Array(4), shape: [2, 2] } }), grid),
  ).rejects.toThrow(/w_array_1 must have shape \(3, 2\)/);
  await expect(importPerPixelPayneNpz(encodeNpz(ok), grid.subarray(0, 2))).rejects.toThrow(ShapeError);
  await expect(importMlpRegressorNpz(encodeNpz(ok), ['a', 'b', 'c'], ['y'])).rejects.toThrow(
    /x_min has 2 inputs; 3 input names/,
  );
});

test.each(['normalized', 'unnormalized'] as const)(
  'the %s network on the host (predictHost, float64) equals numpy to 1e-10; its Jacobian equals central differences; a pixel subset equals the full grid there',
  (which) => {
    const net = nets[which];
    const P = net.wavelength.fixed!.length;
    fx[which].labels.forEach((lab, r) => {
      const flux = net.predictHost(lab);
      fx.pixels.forEach((p, i) => expect(Math.abs(flux[p]! - fx[which].flux[r]![i]!)).toBeLessThan(1e-10));
    });
    const lab = fx[which].labels[0]!;
    const jac = lab.map(() => new Float64Array(P));
    const flux = net.predictHost(lab, jac);
    net.labels.forEach((s, k) => {
      const h = 1e-6 * (s.max - s.min);
      const up = net.predictHost(lab.map((v, j) => (j === k ? v + h : v)));
      const dn = net.predictHost(lab.map((v, j) => (j === k ? v - h : v)));
      let worst = 0;
      let scale = 0;
      for (let p = 0; p < P; p++) {
        const fd = (up[p]! - dn[p]!) / (2 * h);
        scale = Math.max(scale, Math.abs(fd));
        worst = Math.max(worst, Math.abs(jac[k]![p]! - fd));
      }
      expect(worst, s.name).toBeLessThan(1e-6 * scale);
    });
    const subset = Int32Array.from([0, 17, 2919, 2920, P - 1]);
    const jacSub = lab.map(() => new Float64Array(P));
    const part = net.predictHost(lab, jacSub, subset);
    for (const p of subset) {
      expect(part[p]).toBe(flux[p]);
      jac.forEach((col, k) => expect(jacSub[k]![p]).toBe(col[p]));
    }
    expect(part[1]).toBe(0);
  },
);

test('MlpRegressor.jacobianHost: outputs equal predictHost and the Jacobian equals central differences', () => {
  for (const reg of [nets.radius, nets.teff2Logg2]) {
    const x = reg.inputs.map((s) => s.min + 0.37 * (s.max - s.min));
    const { y, jacobian } = reg.jacobianHost(x);
    expect(Array.from(y)).toEqual(Array.from(reg.predictHost(x)));
    const m = x.length;
    reg.inputs.forEach((s, c) => {
      const h = 1e-6 * (s.max - s.min);
      const up = reg.predictHost(x.map((v, k) => (k === c ? v + h : v)));
      const dn = reg.predictHost(x.map((v, k) => (k === c ? v - h : v)));
      y.forEach((_, r) => {
        const fd = (up[r]! - dn[r]!) / (2 * h);
        expect(Math.abs(jacobian[r * m + c]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      });
    });
  }
});
