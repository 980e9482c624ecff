import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@astroemu/synth';
import { createVocabulary, makeStellarCatalogue, sampleTrainingBatch } from '../src/index';

const catalogue = makeStellarCatalogue({ stars: 60, seed: 3, bins: 12 });
const vocabulary = createVocabulary(catalogue.tokens);

describe('makeStellarCatalogue and sampleTrainingBatch', () => {
  it('the catalogue has the documented columns, known σ where observed, and missing values', () => {
    expect(catalogue.names.slice(0, 8)).toEqual(['Teff', 'logg', 'M_H', 'alpha_M', 'A_V', 'BP_RP', 'G_K', 'J_K']);
    expect(catalogue.names.length).toBe(20);
    const k = catalogue.names.length;
    let missing = 0;
    for (let i = 0; i < catalogue.values.length; i++) {
      expect(Number.isNaN(catalogue.values[i]!)).toBe(Number.isNaN(catalogue.sigmas[i]!));
      expect(Number.isFinite(catalogue.truth[i]!)).toBe(true);
      if (Number.isNaN(catalogue.values[i]!)) missing++;
    }
    expect(missing / catalogue.values.length).toBeGreaterThan(0.1);
    for (let s = 0; s < catalogue.stars; s++) {
      const teff = catalogue.truth[s * k]!;
      const logg = catalogue.truth[s * k + 1]!;
      expect(teff).toBeGreaterThanOrEqual(4000);
      expect(teff).toBeLessThanOrEqual(6500);
      // Giants (logg < 3.6) are all cooler than 5300 K.
      if (logg < 3.6) expect(teff).toBeLessThan(5300);
    }
  });

  it('samples 5…context observed inputs in random order and requests only requestable types', () => {
    const rows = Array.from({ length: catalogue.stars }, (_, i) => i);
    const b = sampleTrainingBatch(catalogue, vocabulary, mulberry32(1), {
      rows,
      batchSize: 200,
      context: 10,
      requestable: ['Teff', 'flux_003'],
      requestsPerStar: 3,
    });
    expect(b.length).toBeLessThanOrEqual(10);
    const allowed = new Set([vocabulary.id('Teff'), vocabulary.id('flux_003')]);
    expect([...b.requestTypes].every((id) => allowed.has(id))).toBe(true);
    expect(b.targets.every(Number.isFinite) && b.targetSigmas.every((s) => s > 0)).toBe(true);
    for (let i = 0; i < b.batch; i++) {
      const n = b.types.slice(i * b.length, (i + 1) * b.length).filter((t) => t !== 0).length;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(10);
    }
    expect(
      Math.min(
        ...Array.from(
          { length: b.batch },
          (_, i) => b.types.slice(i * b.length, (i + 1) * b.length).filter((t) => t !== 0).length,
        ),
      ),
    ).toBeLessThanOrEqual(5);
  });

  it('group dropout yields label-only contexts whose requests may be spectral bins', () => {
    const rows = Array.from({ length: catalogue.stars }, (_, i) => i);
    const groups = [catalogue.groups.labels, catalogue.groups.colours, catalogue.groups.spectrum];
    const b = sampleTrainingBatch(catalogue, vocabulary, mulberry32(2), {
      rows,
      batchSize: 300,
      context: 20,
      inputGroups: groups,
      groupDropout: 0.5,
    });
    const labelIds = new Set(catalogue.groups.labels.map((n) => vocabulary.id(n)));
    const fluxIds = new Set(catalogue.groups.spectrum.map((n) => vocabulary.id(n)));
    let labelOnlyToFlux = 0;
    for (let i = 0; i < b.batch; i++) {
      const inputs = [...b.types.slice(i * b.length, (i + 1) * b.length)].filter((t) => t !== 0);
      if (inputs.every((t) => labelIds.has(t)) && fluxIds.has(b.requestTypes[i]!)) labelOnlyToFlux++;
    }
    expect(labelOnlyToFlux).toBeGreaterThan(10);
  });
});
