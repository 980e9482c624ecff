import { describe, expect, it } from 'vitest';

describe('public API', () => {
  it('exports exactly these names', async () => {
    expect(Object.keys(await import('../src/index')).sort()).toEqual(
      [
        'CATALOGUE_COLOURS',
        'CATALOGUE_LABELS',
        'FOUNDATION_KIND',
        'FOUNDATION_PACKAGE_VERSION',
        'FOUNDATION_PRESETS',
        'PADDING_ID',
        'createFoundationModel',
        'createNonLinearEmbedding',
        'createVocabulary',
        'decodeFoundationBundle',
        'encodeFoundationBundle',
        'encodeTokens',
        'foundationConfig',
        'foundationConfigSchema',
        'heteroscedasticLoss',
        'loadFoundationModel',
        'makeStellarCatalogue',
        'parseFoundationConfig',
        'sampleTrainingBatch',
        'saveFoundationModel',
        'stellarColours',
        'trainFoundationModel',
      ].sort(),
    );
  });
});
