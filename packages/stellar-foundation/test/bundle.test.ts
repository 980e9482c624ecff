import * as tf from '@tensorflow/tfjs';
import { BundleError } from '@astroemu/emulator-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFoundationModel,
  decodeFoundationBundle,
  encodeFoundationBundle,
  foundationConfig,
  loadFoundationModel,
  saveFoundationModel,
} from '../src/index';

const TOKENS = ['Teff', 'logg', 'M_H', 'BP_RP'].map((name, i) => ({ name, unit: 'u', center: i, scale: 1 + i }));
const dir = mkdtempSync(join(tmpdir(), 'stellar-foundation-'));

describe('foundation bundles', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('save → load round trip gives the same answers, config and provenance', async () => {
    const model = createFoundationModel(foundationConfig(TOKENS, { architecture: { dim: 8, heads: 2 } }), { seed: 11 });
    model.training = { steps: 3 };
    const integrity = await saveFoundationModel(join(dir, 'a'), model);
    expect(Object.keys(integrity.files).sort()).toEqual(['config.json', 'weights.safetensors']);
    const config = JSON.parse(readFileSync(join(dir, 'a', 'config.json'), 'utf8'));
    expect(config.kind).toBe('stellar-foundation');
    expect(config.formatVersion).toBe('1.0');
    expect(config.packageVersion).toMatch(/^@astroemu\/stellar-foundation@/);
    const loaded = await loadFoundationModel(join(dir, 'a'));
    expect(loaded.config()).toEqual({ ...model.config(), packageVersion: config.packageVersion });
    for (const m of [model, loaded])
      m.perceive(
        [
          [5000, 4.1],
          [4000, Number.NaN],
        ],
        [
          ['Teff', 'logg'],
          ['Teff', 'logg'],
        ],
      );
    expect(Array.from(loaded.request(['M_H', 'BP_RP']).mean)).toEqual(Array.from(model.request(['M_H', 'BP_RP']).mean));
    await expect(saveFoundationModel(join(dir, 'a'), model)).rejects.toThrow(
      /already exists; pass \{ overwrite: true \}/,
    );
    await saveFoundationModel(join(dir, 'a'), model, { overwrite: true });
    model.dispose();
    loaded.dispose();
  });

  it('refuses tampered weights, a wrong shape and a missing file', async () => {
    const model = createFoundationModel(foundationConfig(TOKENS, { architecture: { dim: 8, heads: 2 } }));
    await saveFoundationModel(join(dir, 'b'), model);
    const weights = join(dir, 'b', 'weights.safetensors');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(weights, bytes);
    await expect(loadFoundationModel(join(dir, 'b'))).rejects.toThrow(
      /sha256 mismatch for 'weights\.safetensors': integrity\.json says [0-9a-f]+, file has [0-9a-f]+/,
    );
    const files = await encodeFoundationBundle(model);
    const other = createFoundationModel(foundationConfig(TOKENS, { architecture: { dim: 12, heads: 2 } }));
    const wrong = await encodeFoundationBundle(other);
    files.set('weights.safetensors', wrong.get('weights.safetensors')!);
    const err = await decodeFoundationBundle(files, { verifyIntegrity: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect(String(err)).toMatch(
      /does not fit the config: Parameters\.load: 'embedding\/weight' has shape \[5, 8\]; got \[5, 12\]/,
    );
    files.delete('config.json');
    await expect(decodeFoundationBundle(files)).rejects.toThrow(
      /loadFoundationModel: bundle has no file 'config\.json'/,
    );
    model.dispose();
    other.dispose();
  });
});
