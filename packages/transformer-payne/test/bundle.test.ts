import * as tf from '@tensorflow/tfjs';
import { loadEmulator, saveEmulator } from '@astroemu/emulator-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransformerPayne, createTransformerPayne } from '../src/index';
import { LABELS, WAVELENGTH_RANGE, grid } from './helpers';

describe('bundle round trip (saveEmulator → loadEmulator through the registered kind)', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'tp-bundle-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reproduces the flux bit for bit, with the same config, names and fingerprint', async () => {
    const model = createTransformerPayne({
      preset: 'small',
      labels: LABELS,
      wavelengthRange: { ...WAVELENGTH_RANGE, medium: 'vacuum' },
      seed: 11,
      training: { note: 'untrained' },
    });
    const labels = tf.tensor2d([
      [5000, 4.5, -0.5],
      [4321, 4.9, 0.9],
    ]);
    const w = Float64Array.from([4999.999, 4000, 4861.3615, 4383.5446, 4500.000001]);
    const before = model.predict(labels, w);
    await saveEmulator(join(dir, 'tp'), model);
    const loaded = await loadEmulator(join(dir, 'tp'), { verifyFingerprint: true });
    expect(loaded).toBeInstanceOf(TransformerPayne);
    expect(loaded.config()).toEqual(model.config());
    expect([...loaded.weights().keys()]).toEqual([...model.weights().keys()]);
    const after = loaded.predict(labels, w);
    expect(after.dataSync()).toEqual(before.dataSync());
    const grid200 = grid(200);
    const a = model.predict(labels, grid200);
    const b = loaded.predict(labels, grid200);
    expect(b.dataSync()).toEqual(a.dataSync());
    tf.dispose([labels, before, after, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
