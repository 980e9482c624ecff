import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BundleError,
  ConfigError,
  decodeBundle,
  type Emulator,
  emulatorConfigSchema,
  encodeBundle,
  type EmulatorKind,
  loadEmulator,
  parseConfigWith,
  readSafetensors,
  registerEmulatorKind,
  saveEmulator,
  scaleLabels,
  unregisterEmulatorKind,
  writeSafetensors,
} from '../src/index';
import { createLinear, linearConfig, linearKind } from './linearKind';

// A second test kind without a fixed grid: flux = scaled labels · w + c · (λ − min)/(max − min).
const rampSchema = emulatorConfigSchema('test-ramp', z.strictObject({}));
type RampConfig = z.output<typeof rampSchema>;
const rampKind: EmulatorKind<RampConfig> = {
  kind: 'test-ramp',
  parseConfig: (json) => parseConfigWith(rampSchema, json, 'test-ramp'),
  weightShapes: (c) => ({ w: [c.labels.length, 1], c: [1] }),
  build: (config, weights) => {
    const w = tf.variable(weights?.get('w') ?? tf.tensor2d([[0.3], [-0.2]]));
    const c = tf.variable(weights?.get('c') ?? tf.tensor1d([0.5]));
    const { min, max } = config.wavelength;
    return {
      kind: 'test-ramp',
      labels: config.labels,
      wavelength: { min, max, medium: config.wavelength.medium },
      predict: (labels, wavelength) =>
        tf.tidy(() => {
          const lam: tf.Tensor1D =
            wavelength instanceof Float64Array
              ? tf.tensor1d(Float32Array.from(wavelength, (x) => (x - min) / (max - min)))
              : wavelength!.sub(min).div(max - min);
          return scaleLabels(labels, config.labels)
            .matMul(w)
            .add(c.mul(lam).reshape([1, -1])) as tf.Tensor2D;
        }),
      trainableVariables: () => [w, c],
      parameterCount: () => w.size + c.size,
      config: () => structuredClone(config),
      weights: () =>
        new Map<string, tf.Tensor>([
          ['w', w],
          ['c', c],
        ]),
      dispose: () => (w.dispose(), c.dispose()),
    };
  },
};

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let root: string;

/** Copies bundle `src` to a new folder after applying `edit` to its files, recomputing integrity.json. */
function mutate(
  src: string,
  name: string,
  edit: (files: Map<string, Uint8Array>) => void,
  fixIntegrity = true,
): string {
  const files = new Map(readdirSync(src).map((f) => [f, new Uint8Array(readFileSync(join(src, f)))]));
  edit(files);
  if (fixIntegrity) {
    const integrity = { algorithm: 'sha256', files: {} as Record<string, string> };
    for (const [f, b] of files) if (f !== 'integrity.json') integrity.files[f] = sha(b);
    files.set('integrity.json', new TextEncoder().encode(JSON.stringify(integrity)));
  }
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  saveRaw(dir, files);
  return dir;
}
function saveRaw(dir: string, files: Map<string, Uint8Array>) {
  require('node:fs').mkdirSync(dir, { recursive: true });
  for (const [f, b] of files) writeFileSync(join(dir, f), b);
}
const editConfig = (files: Map<string, Uint8Array>, fn: (c: any) => void) => {
  const c = JSON.parse(new TextDecoder().decode(files.get('config.json')));
  fn(c);
  files.set('config.json', new TextEncoder().encode(JSON.stringify(c)));
};
const editWeights = (files: Map<string, Uint8Array>, fn: (t: Map<string, any>) => void) => {
  const st = readSafetensors(files.get('weights.safetensors')!);
  fn(st.tensors);
  files.set('weights.safetensors', writeSafetensors(st.tensors, st.metadata));
};

const labels = new Float32Array([5000, 4.5, -0.5, 4100, 4.9, 0.8]);
let em: Emulator;
let good: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerEmulatorKind(linearKind);
  registerEmulatorKind(rampKind);
  root = mkdtempSync(join(tmpdir(), 'emulator-core-'));
  em = createLinear(linearConfig(12));
  good = join(root, 'good');
  await saveEmulator(good, em);
});
afterAll(() => {
  em.dispose();
  unregisterEmulatorKind('test-linear');
  unregisterEmulatorKind('test-ramp');
  rmSync(root, { recursive: true, force: true });
});

describe('saveEmulator / loadEmulator', () => {
  test('writes the four files, integrity.json holds their sha256, no temp folder left', async () => {
    expect(readdirSync(good).sort()).toEqual([
      'config.json',
      'fingerprint.safetensors',
      'integrity.json',
      'weights.safetensors',
    ]);
    const integrity = JSON.parse(readFileSync(join(good, 'integrity.json'), 'utf8'));
    expect(integrity.algorithm).toBe('sha256');
    for (const f of ['config.json', 'fingerprint.safetensors', 'weights.safetensors']) {
      expect(integrity.files[f]).toBe(sha(readFileSync(join(good, f))));
    }
    expect(readdirSync(root).filter((f) => f.startsWith('.'))).toEqual([]);
    const cfg = JSON.parse(readFileSync(join(good, 'config.json'), 'utf8'));
    expect(cfg.wavelength.fixed).toEqual({ tensor: 'wavelength', length: 12 });
    expect(cfg.training).toEqual({ steps: 10, note: 'test' });
  });

  test('save → load → predict is bit-for-bit; fixed grid is exact float64; no tensor leak', async () => {
    const before = tf.memory().numTensors;
    const loaded = await loadEmulator(good, { verifyFingerprint: true });
    expect(loaded.kind).toBe('test-linear');
    expect(loaded.config()).toEqual(em.config());
    expect(loaded.wavelength.fixed).toEqual(em.wavelength.fixed);
    expect(loaded.wavelength.fixed![11]).toBe(5000 + 11 * 0.0137 + 121e-6);
    expect(loaded.parameterCount()).toBe(3 * 12 + 12);
    const [a, b] = tf.tidy(() => {
      const x = tf.tensor2d(labels, [2, 3]);
      return [em.predict(x).dataSync().slice(), loaded.predict(x).dataSync().slice()];
    });
    expect(b).toEqual(a);
    for (const [name, t] of em.weights()) expect(loaded.weights().get(name)!.dataSync()).toEqual(t.dataSync());
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('an existing folder is not replaced unless overwrite is set', async () => {
    await expect(saveEmulator(good, em)).rejects.toThrow(/already exists; pass \{ overwrite: true \}/);
    const dir = join(root, 'over');
    await saveEmulator(dir, em, { fingerprint: false });
    expect(readdirSync(dir)).not.toContain('fingerprint.safetensors');
    await saveEmulator(dir, em, { overwrite: true });
    expect(readdirSync(dir)).toContain('fingerprint.safetensors');
    expect(readdirSync(root).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('in-memory encodeBundle → decodeBundle, for a kind without a fixed grid', async () => {
    const cfg = rampKind.parseConfig({
      kind: 'test-ramp',
      labels: [
        { name: 'a', min: 0, max: 1 },
        { name: 'b', min: -1, max: 1 },
      ],
      wavelength: { min: 4000, max: 5000, medium: 'vacuum' },
      architecture: {},
    });
    const ramp = rampKind.build(cfg);
    const files = await encodeBundle(ramp, { fingerprint: { wavelengths: new Float64Array([4000, 4250.5, 5000]) } });
    const fp = readSafetensors(files.get('fingerprint.safetensors')!);
    expect(fp.tensors.get('wavelength')!.data).toEqual(new Float64Array([4000, 4250.5, 5000]));
    // Independent check of the stored fingerprint: labels midpoint → 0, so flux = 0.5 · (λ − 4000)/1000
    expect(Array.from(fp.tensors.get('flux')!.data.slice(0, 3) as Float32Array)).toEqual([
      0,
      Math.fround(0.5 * 0.2505),
      0.5,
    ]);
    const back = await decodeBundle(files, { verifyFingerprint: true });
    expect(back.config()).toEqual(ramp.config());
    back.dispose();
    ramp.dispose();
  });
});

describe('loadEmulator refuses bad bundles with a clear BundleError', () => {
  test('newer major format version (checked before integrity)', async () => {
    const dir = mutate(good, 'v2', (f) => editConfig(f, (c) => (c.formatVersion = '2.0')), false);
    await expect(loadEmulator(dir)).rejects.toThrow(BundleError);
    await expect(loadEmulator(dir)).rejects.toThrow(
      /bundle formatVersion 2\.0 is newer than this reader supports \(1\.x\)/,
    );
  });

  test('a newer minor version is accepted', async () => {
    const dir = mutate(good, 'v1_7', (f) => editConfig(f, (c) => (c.formatVersion = '1.7')));
    const e = await loadEmulator(dir);
    expect(e.config().formatVersion).toBe('1.7');
    e.dispose();
  });

  test('sha256 mismatch names the file', async () => {
    const dir = mutate(
      good,
      'sha',
      (f) => {
        const w = f.get('weights.safetensors')!.slice();
        const n = Number(new DataView(w.buffer).getBigUint64(0, true));
        w[8 + n] ^= 1; // lowest mantissa bit of W[0]
        f.set('weights.safetensors', w);
      },
      false,
    );
    await expect(loadEmulator(dir)).rejects.toThrow(
      /sha256 mismatch for 'weights\.safetensors': integrity\.json says [0-9a-f]{64}, file has [0-9a-f]{64}/,
    );
    const e = await loadEmulator(dir, { verifyIntegrity: false });
    e.dispose();
  });

  test('missing integrity.json or config.json', async () => {
    const a = mutate(good, 'noint', (f) => f.delete('integrity.json'), false);
    await expect(loadEmulator(a)).rejects.toThrow(/bundle has no file 'integrity\.json'/);
    await expect(loadEmulator(join(root, 'does-not-exist'))).rejects.toThrow(/is not a bundle folder/);
  });

  test('missing tensor', async () => {
    const dir = mutate(good, 'missing', (f) => editWeights(f, (t) => t.delete('b')));
    await expect(loadEmulator(dir)).rejects.toThrow(
      /weights\.safetensors is missing tensor 'b' \(kind 'test-linear' expects shape \[12\]\)/,
    );
  });

  test('wrong shape', async () => {
    const dir = mutate(good, 'shape', (f) =>
      editWeights(f, (t) => t.set('W', { dtype: 'F32', shape: [12, 3], data: t.get('W').data })),
    );
    await expect(loadEmulator(dir)).rejects.toThrow(/tensor 'W' has shape \[12, 3\]; expected \[3, 12\]/);
  });

  test('NaN weight', async () => {
    const dir = mutate(good, 'nan', (f) => editWeights(f, (t) => (t.get('b').data[5] = NaN)));
    const p = loadEmulator(dir);
    await expect(p).rejects.toThrow(/tensor 'b' holds NaN at flat index 5; weights must be finite/);
    await p.catch((e: BundleError) => {
      expect(e.tensor).toBe('b');
      expect(e.file).toBe('weights.safetensors');
    });
  });

  test('unexpected tensor', async () => {
    const dir = mutate(good, 'extra', (f) =>
      editWeights(f, (t) => t.set('junk', { dtype: 'F32', shape: [1], data: new Float32Array(1) })),
    );
    await expect(loadEmulator(dir)).rejects.toThrow(/has unexpected tensor 'junk' for kind 'test-linear'/);
  });

  test('unknown kind lists the known kinds', async () => {
    const dir = mutate(good, 'kind', (f) => editConfig(f, (c) => (c.kind = 'mystery')));
    await expect(loadEmulator(dir)).rejects.toThrow(ConfigError);
    await expect(loadEmulator(dir)).rejects.toThrow(
      /Unknown emulator kind 'mystery'; known kinds: test-linear, test-ramp/,
    );
  });

  test('invalid architecture is a ConfigError from the kind schema', async () => {
    const dir = mutate(good, 'arch', (f) => editConfig(f, (c) => (c.architecture.depth = 3)));
    await expect(loadEmulator(dir)).rejects.toThrow(
      /test-linear config is invalid: architecture: Unrecognized key: "depth"/,
    );
  });

  test('fingerprint: changed weights load without verification but fail with it', async () => {
    const dir = mutate(good, 'fp', (f) => editWeights(f, (t) => (t.get('W').data[5] += 0.01)));
    const before = tf.memory().numTensors;
    const e = await loadEmulator(dir);
    e.dispose();
    await expect(loadEmulator(dir, { verifyFingerprint: true })).rejects.toThrow(
      /fingerprint mismatch for kind 'test-linear': row \d, column \d: expected .+, got .+ \(tolerance atol 0\.00001 \+ rtol 0\.0001·\|expected\|\)/,
    );
    expect(tf.memory().numTensors).toBe(before);
    const none = mutate(good, 'nofp', (f) => f.delete('fingerprint.safetensors'));
    await expect(loadEmulator(none, { verifyFingerprint: true })).rejects.toThrow(
      /bundle has no file 'fingerprint\.safetensors'/,
    );
  });
});

describe('saveEmulator refuses inconsistent emulators', () => {
  test('weights() not matching weightShapes, NaN weights', async () => {
    const bad: Emulator = { ...em, weights: () => new Map([['W', em.weights().get('W')!]]) };
    await expect(encodeBundle(bad)).rejects.toThrow(/has no weight 'b' although weightShapes lists it/);
    const nan = createLinear(linearConfig(4));
    (nan.weights().get('b') as tf.Variable).assign(tf.tensor1d([0, NaN, 0, 0]));
    await expect(encodeBundle(nan)).rejects.toThrow(
      /weight 'b' holds NaN at flat index 1; refusing to save a non-finite weight/,
    );
    nan.dispose();
  });
});
