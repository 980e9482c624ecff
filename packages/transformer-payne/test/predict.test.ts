import * as tf from '@tensorflow/tfjs';
import { DomainError, ShapeError } from '@astroemu/emulator-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TRANSFORMER_PAYNE_PRESETS,
  attentionMaps,
  createTransformerPayne,
  labelEmbeddingJacobian,
  parseTransformerPayneConfig,
  planWavelengthChunks,
  type TransformerPayne,
} from '../src/index';
import { LABELS, WAVELENGTH_RANGE, expectClose, fixture, grid, loadFixtureWeights } from './helpers';
import predictFixture from './fixtures/transformer_payne_predict.json';

const LABEL_ROWS = [
  [5000, 4.5, -0.5],
  [4210, 4.02, 0.7],
  [5890, 4.93, -1.8],
];

describe('predict on any wavelength grid (small preset, cpu)', () => {
  let model: TransformerPayne;
  let labels: tf.Tensor2D;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = createTransformerPayne({ preset: 'small', labels: LABELS, wavelengthRange: WAVELENGTH_RANGE });
    loadFixtureWeights(model);
    labels = tf.tensor2d(LABEL_ROWS);
  });
  afterAll(() => {
    labels.dispose();
    model.dispose();
  });

  it('predicts numpy’s flux on the grid given; a Tensor1D grid is float32, so it predicts at the rounded wavelengths', () => {
    // scripts/fixtures/transformer_payne_predict_fixtures.py: the independent numpy float64 model, same weights, at
    // 37 wavelengths given exactly and rounded to float32 (flux differs by up to 0.04 between the two: the shortest
    // encoding periods resolve the rounding)
    const ref = predictFixture;
    expect(ref.labels).toEqual(LABEL_ROWS);
    const w = Float64Array.from(ref.wavelength);
    tf.tidy(() => {
      const exact = model.predict(labels, w);
      expect(exact.shape).toEqual([3, 37]);
      const rounded = model.predict(labels, tf.tensor1d(ref.wavelength, 'float32'));
      expectClose(exact, ref.flux.flat(), 1e-5, 1e-5);
      expectClose(rounded, ref.fluxAtFloat32Wavelength.flat(), 1e-5, 1e-5);
      const apart = Math.max(...ref.flux.flat().map((f, i) => Math.abs(f - ref.fluxAtFloat32Wavelength.flat()[i]!)));
      expect(apart).toBeGreaterThan(1e-3); // the two references differ, so each comparison above can tell them apart
    });
  });

  it('chunking is exact: one chunk, 7-wavelength chunks and 1-wavelength chunks give the same flux', () => {
    const w = grid(40, 4100, 4900);
    const one = model.planChunks(3, 40);
    expect(one.chunks).toEqual([[0, 40]]);
    // default budget: the 3 spectra run together in one chunk (batched fold); a budget for 7 wavelengths (spectra one
    // at a time), and one too small for even one wavelength (chunks of 1): all three paths give the same flux
    const seven = one.fixedBytes + 7 * one.bytesPerRow;
    expect(model.planChunks(3, 40, seven).chunks).toHaveLength(6);
    expect(model.planChunks(3, 40, 1).chunkSize).toBe(1);
    tf.tidy(() => {
      const ref = model.predict(labels, w).dataSync();
      expect(model.predict(labels, w, { memoryBudgetBytes: seven }).dataSync()).toEqual(ref);
      expect(model.predict(labels, w, { memoryBudgetBytes: 1 }).dataSync()).toEqual(ref);
    });
  });

  it('the query for (b, m) is independent of the other wavelengths and spectra', () => {
    const w = grid(24);
    tf.tidy(() => {
      const full = model.predict(labels, w).arraySync();
      const picked = [23, 0, 11, 5];
      const sub = model
        .predict(
          labels,
          Float64Array.from(picked, (i) => w[i]!),
        )
        .arraySync();
      picked.forEach((m, k) => LABEL_ROWS.forEach((_, b) => expect(sub[b]![k]).toBeCloseTo(full[b]![m]!, 6)));
      const alone = model.predict(labels.slice([1, 0], [1, 3]), w).arraySync();
      alone[0]!.forEach((v, m) => expect(v).toBeCloseTo(full[1]![m]!, 6));
      // …and the flux does depend on the labels and on the wavelength
      expect(Math.abs(full[0]![3]! - full[1]![3]!)).toBeGreaterThan(1e-3);
      expect(Math.abs(full[0]![3]! - full[0]![4]!)).toBeGreaterThan(1e-3);
    });
  });

  it('does not leak tensors (predict, several chunks, attention maps, Jacobian)', () => {
    const w = grid(50);
    model.predict(labels, w).dispose(); // warm-up
    const before = tf.memory().numTensors;
    model.predict(labels, w).dispose();
    model.predict(labels, w, { memoryBudgetBytes: 1 }).dispose();
    attentionMaps(model, LABEL_ROWS[0]!, grid(5)).dispose();
    attentionMaps(model, LABEL_ROWS[0]!, grid(5), { memoryBudgetBytes: 1 }).dispose();
    labelEmbeddingJacobian(model, labels).dispose();
    labelEmbeddingJacobian(model, labels, { reduce: 'meanAbs' }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('attention maps do not depend on chunking', () => {
    const w = Float64Array.from(fixture.inputs.mapWavelength);
    const a = attentionMaps(model, LABEL_ROWS[0]!, w);
    const b = attentionMaps(model, tf.tensor1d(LABEL_ROWS[0]!), w, { memoryBudgetBytes: 1 });
    expect(b.dataSync()).toEqual(a.dataSync());
    expect(() => attentionMaps(model, LABEL_ROWS.flat(), w)).toThrow(/must be ONE label vector of 3 values; got 9/);
    tf.dispose([a, b]);
  });

  it('tensor memory stays within the budget (tf.profile peak), whatever M; unchunked it would not', async () => {
    const w = grid(300);
    const plan = model.planChunks(3, 300, 1); // to size a budget of 20 wavelengths (one spectrum at a time)
    const budget = plan.fixedBytes + 20 * plan.bytesPerRow;
    const peak = async (memoryBudgetBytes: number) => {
      const start = tf.memory().numBytes;
      const info = await tf.profile(() => {
        model.predict(labels, w, { memoryBudgetBytes }).dispose();
      });
      return info.peakBytes - start;
    };
    const chunked = await peak(budget);
    expect(model.planChunks(3, 300, budget).chunks.length).toBeGreaterThanOrEqual(15);
    expect(chunked).toBeLessThanOrEqual(budget);
    expect(await peak(1e12)).toBeGreaterThan(2 * budget);
  });

  it('outside the trained domain: DomainError naming the label/wavelength, value and bounds', () => {
    const w = grid(8);
    const hot = tf.tensor2d([
      [5000, 4.5, -0.5],
      [7000, 4.5, -0.5],
    ]);
    expect(() => model.predict(hot, w)).toThrow(DomainError);
    expect(() => model.predict(hot, w)).toThrow(/label 'Teff' of spectrum 1 is 7000, expected within \[4000, 6000\] K/);
    expect(() => model.predict(labels, Float64Array.from([4500, 4000, 5100.5]))).toThrow(
      /'wavelength' passed to 'TransformerPayne.predict' is outside the trained domain: element 2 is 5100.5 Å, expected within \[4000, 5000\] Å/,
    );
    const nan = tf.tensor2d([[5000, NaN, 0]]);
    expect(() => model.predict(nan, w, { extrapolate: true })).toThrow(/label 'logg' of spectrum 0 is NaN/);
    expect(() => model.predict(labels, Float64Array.from([4500, -1]), { extrapolate: true })).toThrow(
      /element 1 is -1/,
    );
    expect(() => model.predict(labels)).toThrow(/'wavelength' passed to 'TransformerPayne.predict' is required/);
    expect(() => model.predict(tf.tensor2d([[1, 2]]), w)).toThrow(ShapeError);
    expect(() => model.predict(labels, tf.tensor2d([[4500]]) as unknown as tf.Tensor1D)).toThrow(
      /must be 1-D \[M\]; got shape \[1, 1\]/,
    );
    tf.dispose([hot, nan]);
  });

  it('{ extrapolate: true } predicts outside the domain with a warning', () => {
    const warnings: string[] = [];
    const hot = tf.tensor2d([[7000, 4.5, -0.5]]);
    const flux = model.predict(hot, Float64Array.from([3990, 4500]), {
      extrapolate: true,
      warn: (m) => warnings.push(m),
    });
    expect(flux.shape).toEqual([1, 2]);
    expect(Array.from(flux.dataSync()).every(Number.isFinite)).toBe(true);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/element 0 is 3990 Å.*extrapolating/);
    expect(warnings[1]).toMatch(/label 'Teff' of spectrum 0 is 7000.*extrapolating/);
    tf.dispose([hot, flux]);
  });

  it('planWavelengthChunks: paper size, 22 315 λ × 4 or 64 spectra fit the default budget; the chunk does not shrink with B', () => {
    const a = parseTransformerPayneConfig({
      kind: 'transformer-payne',
      labels: LABELS,
      wavelength: WAVELENGTH_RANGE,
      architecture: TRANSFORMER_PAYNE_PRESETS.paper,
    }).architecture;
    const plan = planWavelengthChunks({ batch: 4, wavelengths: 22_315, architecture: a });
    expect(plan.estimatedPeakBytes).toBeLessThanOrEqual(256 * 1024 * 1024);
    expect(plan.chunks.length).toBeGreaterThan(1);
    expect(plan.chunks.at(-1)![1]).toBe(22_315);
    // 64 spectra: within the budget, with the output (2 · 64 · 22 315 floats) and one spectrum's folded attention counted
    const big = planWavelengthChunks({ batch: 64, wavelengths: 22_315, architecture: a });
    expect(big.estimatedPeakBytes).toBeLessThanOrEqual(256 * 1024 * 1024);
    expect(big.fixedBytes).toBeGreaterThan(4 * 2 * 64 * 22_315 + big.foldedBytes);
    expect(big.foldedBytes).toBeGreaterThan(4 * a.blocks * 2 * a.dim * a.heads * a.tokens); // 4 MiB of folded K/V per spectrum
    expect(big.chunkSize).toBeGreaterThan(4000);
    expect(() => planWavelengthChunks({ batch: 1, wavelengths: 10, architecture: a, memoryBudgetBytes: 0 })).toThrow(
      DomainError,
    );
  });
});
