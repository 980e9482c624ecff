import * as tf from '@tensorflow/tfjs';
import { ConfigError, DomainError, ShapeError } from '@astroemu/emulator-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FOUNDATION_PRESETS,
  createFoundationModel,
  foundationConfig,
  parseFoundationConfig,
  type TokenSpec,
} from '../src/index';

/** 5 labels + 3 colours + 64 spectral bins: the vocabulary of makeStellarCatalogue's default catalogue. */
const TOKENS: TokenSpec[] = [
  ...['Teff', 'logg', 'M_H', 'alpha_M', 'A_V', 'BP_RP', 'G_K', 'J_K'].map((name) => ({ name, center: 0, scale: 1 })),
  ...Array.from({ length: 64 }, (_, i) => ({ name: `flux_${String(i).padStart(3, '0')}`, center: 0.8, scale: 0.1 })),
];

/**
 * Parameter count, V ids (tokens + padding), width d:
 *   embedding 2·V·d (w_type and b_type)
 *   + per encoder/decoder block with feed-forward width h: 4(d² + d) attention + 2dh + h + d feed-forward + 4d LayerNorms
 *   + head: Σ (w_i·w_{i+1} + w_{i+1}) over widths [d, …headHidden, 2].
 */
function expectedCount(
  v: number,
  a: { dim: number; encoderHidden: readonly number[]; decoderHidden: readonly number[]; headHidden: readonly number[] },
) {
  const d = a.dim;
  const block = (h: number) => 4 * (d * d + d) + 2 * d * h + h + d + 4 * d;
  const widths = [d, ...a.headHidden, 2];
  let head = 0;
  for (let i = 0; i + 1 < widths.length; i++) head += widths[i]! * widths[i + 1]! + widths[i + 1]!;
  return 2 * v * d + [...a.encoderHidden, ...a.decoderHidden].reduce((s, h) => s + block(h), 0) + head;
}

describe('createFoundationModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('paper preset: 8 533 322 parameters for a 72-type vocabulary (≈ 8.8 M in the paper), as the formula says', () => {
    const model = createFoundationModel(foundationConfig(TOKENS, { preset: 'paper' }));
    expect(model.vocabulary.size).toBe(73);
    expect(model.parameterCount()).toBe(expectedCount(73, FOUNDATION_PRESETS.paper));
    expect(model.parameterCount()).toBe(8_533_322);
    // The head dominates: 128·3096 + 3096 + 3096·1548 + 1548 + 1548·774 + 774 + 774·2 + 2 = 6 394 016.
    expect(
      model.params
        .names()
        .filter((n) => n.startsWith('head/'))
        .reduce((s, n) => s + model.params.get(n).size, 0),
    ).toBe(6_394_016);
    model.dispose();
  });

  it('small preset: the formula again, 51 234 parameters for 72 types', () => {
    const model = createFoundationModel(foundationConfig(TOKENS, { preset: 'small' }));
    expect(model.parameterCount()).toBe(expectedCount(73, FOUNDATION_PRESETS.small));
    expect(model.parameterCount()).toBe(51_234);
    model.dispose();
  });

  it('request returns [stars × types] means and positive σ, and leaks no tensor', () => {
    const model = createFoundationModel(foundationConfig(TOKENS.slice(0, 10)), { seed: 3 });
    const n0 = tf.memory().numTensors;
    model.perceive(
      [
        [5000, 4.4, 0.1],
        [4500, 2.5, -0.8, 0.82],
      ],
      [
        ['Teff', 'logg', 'M_H'],
        ['Teff', 'logg', 'M_H', 'flux_000'],
      ],
    );
    const out = model.request(['alpha_M', 'A_V', 'Teff']);
    expect(out.mean.length).toBe(6);
    expect(out.sigma.every((s) => s > 0 && Number.isFinite(s))).toBe(true);
    model.forget();
    expect(tf.memory().numTensors).toBe(n0);
    model.dispose();
  });

  it('padding tokens and missing values do not change the answer; neither does the input order', () => {
    const model = createFoundationModel(
      foundationConfig(TOKENS.slice(0, 12), { architecture: { dim: 16, heads: 4 } }),
      { seed: 7 },
    );
    const ask = (values: number[][], types: Array<Array<string | null>>) => {
      model.perceive(values, types);
      const r = model.request(['logg', 'A_V', 'flux_002']);
      model.forget();
      return r;
    };
    const base = ask(
      [
        [5000, 0.3, 0.85],
        [4200, 1.1, 0.7],
      ],
      [
        ['Teff', 'M_H', 'flux_001'],
        ['Teff', 'BP_RP', 'flux_003'],
      ],
    );
    const padded = ask(
      [
        [Number.NaN, 5000, 0.3, 99, 0.85, Number.NaN],
        [4200, Number.NaN, 1.1, 0.7, 42, 7],
      ],
      [
        ['logg', 'Teff', 'M_H', null, 'flux_001', 'J_K'],
        ['Teff', 'G_K', 'BP_RP', 'flux_003', null, null],
      ],
    );
    expect(Array.from(padded.mean)).toEqual(Array.from(base.mean));
    expect(Array.from(padded.sigma)).toEqual(Array.from(base.sigma));
    const permuted = ask(
      [
        [0.85, 5000, 0.3],
        [0.7, 1.1, 4200],
      ],
      [
        ['flux_001', 'Teff', 'M_H'],
        ['flux_003', 'BP_RP', 'Teff'],
      ],
    );
    permuted.mean.forEach((m, i) => expect(m).toBeCloseTo(base.mean[i]!, 4));
    // At the tensor level: extra padding columns (id 0) with arbitrary finite values change nothing either.
    const [a, b] = tf.tidy(() => {
      const v = tf.tensor2d([[0.5, -1, 2]]);
      const t = tf.tensor2d([[1, 3, 9]], undefined, 'int32');
      const vp = tf.tensor2d([[0.5, 7, -1, 2, -3]]);
      const tp = tf.tensor2d([[1, 0, 3, 9, 0]], undefined, 'int32');
      const r = tf.tensor2d([[2, 5]], undefined, 'int32');
      return [model.forward(v, t, r).mean.dataSync(), model.forward(vp, tp, r).mean.dataSync()];
    });
    expect(Array.from(b!)).toEqual(Array.from(a!));
    model.dispose();
  });

  it('typed errors say who, what, expected and got', () => {
    const model = createFoundationModel(foundationConfig(TOKENS.slice(0, 8), { architecture: { context: 3 } }));
    expect(() => model.request('Teff')).toThrow(ShapeError);
    expect(() => model.request('Teff')).toThrow(/FoundationModel\.request: nothing perceived/);
    expect(() => model.perceive([[1, 2, 3, 4]], [['Teff', 'logg', 'M_H', 'A_V']])).toThrow(
      /star 0 has 4 non-missing inputs; expected at most the context length 3/,
    );
    expect(() => model.perceive([[1]], [['Vmag']])).toThrow(DomainError);
    expect(() => model.perceive([[1]], [['Vmag']])).toThrow(
      /unknown observation type 'Vmag'; expected one of Teff, logg/,
    );
    expect(() => model.perceive([[1, 2]], [['Teff']])).toThrow(/star 0 has 2 values but 1 types/);
    model.perceive([[5000]], [['Teff']]);
    expect(() => model.request(99)).toThrow(/token id must be an integer in \[1, 8\] \(0 is padding\); got 99/);
    model.dispose();
    expect(() =>
      parseFoundationConfig({ kind: 'stellar-foundation', tokens: TOKENS, architecture: { widht: 3 } }),
    ).toThrow(ConfigError);
    expect(() =>
      parseFoundationConfig({ kind: 'stellar-foundation', tokens: TOKENS, architecture: { dim: 30, heads: 4 } }),
    ).toThrow(/architecture\.heads: must divide dim \(30\); got 4/);
    expect(() =>
      parseFoundationConfig({ kind: 'stellar-foundation', formatVersion: '2.0', tokens: TOKENS, architecture: {} }),
    ).toThrow(/formatVersion: is newer/);
    expect(() => parseFoundationConfig({ kind: 'payne', tokens: TOKENS, architecture: {} })).toThrow(/kind/);
  });
});
