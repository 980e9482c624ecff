import * as tf from '@tensorflow/tfjs';
import { ConfigError, getEmulatorKind, listEmulatorKinds } from '@astroemu/emulator-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TRANSFORMER_PAYNE_PRESETS,
  createTransformerPayne,
  parseTransformerPayneConfig,
  transformerPayneParameterCount,
  transformerPayneWeightShapes,
  type TransformerPayneArchitecture,
} from '../src/index';
import { LABELS, WAVELENGTH_RANGE, grid } from './helpers';

/** Parameter count by formula (Listing 4), independent of the builders. */
function countByFormula(
  a: Omit<TransformerPayneArchitecture, 'activation' | 'epsilon' | 'minPeriod' | 'maxPeriod'>,
  L: number,
): number {
  const { dim: d, blocks, tokens: T, ffDim: F, labelHiddenDim: Hl, headDim: Dh } = a;
  const input = L * Hl + Hl; // Dense(L → 1024)
  const tokens = Hl * T * d + T * d; // Dense(1024 → 16·256)
  const block = 2 * d /* kv LayerNorm */ + 4 * (d * d + d) /* q, k, v, out */ + 2 * d + (d * F + F + F * d + d) + 2 * d;
  const head = 2 * d /* LN(x_pre) */ + (d * Dh + Dh) + (Dh + 1);
  return input + tokens + blocks * block + head;
}

const paperLabels = Array.from({ length: 100 }, (_, i) => ({ name: `label_${i}`, min: -1, max: 1 }));

describe('config, presets and parameter counts', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('paper preset: exact parameter count by formula (≈ 17 M with 100 labels), weight names the training package relies on', () => {
    const paper = TRANSFORMER_PAYNE_PRESETS.paper as TransformerPayneArchitecture;
    const expected = countByFormula(paper, 100);
    expect(expected).toBe(17_012_737);
    expect(countByFormula(paper, 3)).toBe(16_913_409);
    const model = createTransformerPayne({ preset: 'paper', labels: paperLabels, wavelengthRange: WAVELENGTH_RANGE });
    try {
      expect(model.parameterCount()).toBe(expected);
      expect(transformerPayneParameterCount(model.architecture, 100)).toBe(expected);
      const w = model.weights();
      expect(w.get('input/kernel')!.shape).toEqual([100, 1024]);
      expect(w.get('tokens/kernel')!.shape).toEqual([1024, 16 * 256]);
      expect(w.get('blocks/15/attention/query/kernel')!.shape).toEqual([256, 256]);
      expect(w.get('blocks/15/feed_forward/dense_0/kernel')!.shape).toEqual([256, 1024]);
      expect(w.get('head/dense_1/kernel')!.shape).toEqual([256, 1]);
      expect(w.has('blocks/16/kv_norm/scale')).toBe(false);
      const shapes = Object.fromEntries([...w].map(([n, t]) => [n, t.shape]));
      expect(transformerPayneWeightShapes(model.architecture, 100)).toEqual(shapes);
      expect(model.trainableVariables()).toHaveLength(4 + 16 * 18 + 6);
    } finally {
      model.dispose();
    }
  });

  it('small preset: same code path, exact count by formula', () => {
    const small = {
      ...(TRANSFORMER_PAYNE_PRESETS.paper as TransformerPayneArchitecture),
      ...TRANSFORMER_PAYNE_PRESETS.small,
    };
    const model = createTransformerPayne({
      preset: 'small',
      labels: LABELS,
      wavelengthRange: WAVELENGTH_RANGE,
      seed: 3,
    });
    try {
      expect(model.parameterCount()).toBe(countByFormula(small, 3));
      expect(model.parameterCount()).toBe(337_409);
      expect(model.architecture).toMatchObject({ dim: 64, blocks: 4, heads: 4, tokens: 8 });
    } finally {
      model.dispose();
    }
  });

  it('tiny preset: same code path, exact count by formula (56 129 parameters with 100 labels)', () => {
    const tiny = {
      ...(TRANSFORMER_PAYNE_PRESETS.paper as TransformerPayneArchitecture),
      ...TRANSFORMER_PAYNE_PRESETS.tiny,
    };
    const model = createTransformerPayne({
      preset: 'tiny',
      labels: paperLabels,
      wavelengthRange: WAVELENGTH_RANGE,
      seed: 3,
    });
    try {
      expect(model.parameterCount()).toBe(countByFormula(tiny, 100));
      expect(model.parameterCount()).toBe(56_129);
      expect(model.architecture).toMatchObject({
        dim: 32,
        blocks: 2,
        heads: 2,
        tokens: 4,
        ffDim: 128,
        labelHiddenDim: 128,
        headDim: 32,
      });
    } finally {
      model.dispose();
    }
  });

  it('a new model predicts near the continuum: output bias 1, output kernel 0.1 × LeCun; flux still varies', () => {
    const model = createTransformerPayne({
      preset: 'small',
      labels: LABELS,
      wavelengthRange: WAVELENGTH_RANGE,
      seed: 2,
    });
    const w = model.weights();
    expect(Array.from(w.get('head/dense_1/bias')!.dataSync())).toEqual([1]);
    const k = Array.from(w.get('head/dense_1/kernel')!.dataSync() as Float32Array); // [64, 1]: std 0.1/√64 = 0.0125
    const std = Math.sqrt(k.reduce((a, x) => a + x * x, 0) / k.length);
    expect(std).toBeGreaterThan(0.0125 * 0.7);
    expect(std).toBeLessThan(0.0125 * 1.3);
    const x = tf.tensor2d([
      [5000, 4.5, -0.5],
      [4400, 4.2, 0.3],
    ]);
    const flux = model.predict(x, grid(20, 4050, 4950));
    const v = Array.from(flux.dataSync());
    tf.dispose([x, flux]);
    model.dispose();
    expect(v.every((f) => Math.abs(f - 1) < 0.5)).toBe(true);
    expect(Math.max(...v) - Math.min(...v)).toBeGreaterThan(1e-3);
  });

  it('the seed makes initialisation reproducible', () => {
    const make = (seed: number) =>
      createTransformerPayne({ preset: 'small', labels: LABELS, wavelengthRange: WAVELENGTH_RANGE, seed });
    const [a, b, c] = [make(7), make(7), make(8)];
    const k = (m: typeof a) => m.weights().get('blocks/2/attention/key/kernel')!.dataSync();
    expect(k(a)).toEqual(k(b));
    expect(k(a)).not.toEqual(k(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('config(): strict schema, defaults are the paper, round trips through parse', () => {
    const model = createTransformerPayne({
      preset: 'small',
      labels: LABELS,
      wavelengthRange: { ...WAVELENGTH_RANGE, medium: 'air' },
      architecture: { blocks: 2 },
      training: { steps: 10 },
    });
    const config = model.config();
    model.dispose();
    expect(config).toMatchObject({
      kind: 'transformer-payne',
      formatVersion: '1.0',
      wavelength: { min: 4000, max: 5000, medium: 'air' },
      training: { steps: 10 },
    });
    expect(config.architecture.blocks).toBe(2);
    expect(parseTransformerPayneConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
    const defaults = parseTransformerPayneConfig({
      kind: 'transformer-payne',
      labels: LABELS,
      wavelength: WAVELENGTH_RANGE,
      architecture: {},
    });
    expect(defaults.architecture).toEqual({
      ...TRANSFORMER_PAYNE_PRESETS.paper,
      activation: 'gelu_tanh',
      epsilon: 1e-6,
      minPeriod: 1e-6,
      maxPeriod: 10,
    });
  });

  it('rejects unknown keys, heads not dividing dim, bad label bounds', () => {
    const base = { kind: 'transformer-payne', labels: LABELS, wavelength: WAVELENGTH_RANGE };
    expect(() => parseTransformerPayneConfig({ ...base, architecture: { depth: 3 } })).toThrow(
      /architecture: Unrecognized key.*depth/,
    );
    expect(() => parseTransformerPayneConfig({ ...base, architecture: { dim: 60, heads: 8 } })).toThrow(
      /architecture\.heads: must divide dim \(60\)/,
    );
    expect(() =>
      createTransformerPayne({
        preset: 'small',
        labels: [{ name: 'Teff', min: 6000, max: 4000 }],
        wavelengthRange: WAVELENGTH_RANGE,
      }),
    ).toThrow(ConfigError);
  });

  it('importing the package registers the transformer-payne kind', () => {
    expect(listEmulatorKinds()).toContain('transformer-payne');
    const kind = getEmulatorKind('transformer-payne');
    const config = kind.parseConfig({
      kind: 'transformer-payne',
      labels: LABELS,
      wavelength: WAVELENGTH_RANGE,
      architecture: TRANSFORMER_PAYNE_PRESETS.small,
    });
    expect(Object.keys(kind.weightShapes(config))).toHaveLength(4 + 4 * 18 + 6);
  });
});
