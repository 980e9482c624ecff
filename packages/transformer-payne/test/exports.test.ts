import { describe, expect, it } from 'vitest';

describe('public API', () => {
  it('exports exactly these names', async () => {
    expect(Object.keys(await import('../src/index')).sort()).toEqual(
      [
        'DEFAULT_MEMORY_BUDGET_BYTES',
        'TRANSFORMER_PAYNE_KIND',
        'TRANSFORMER_PAYNE_PRESETS',
        'TransformerPayne',
        'attentionMaps',
        'buildTransformerPayneLayers',
        'createPredictPool',
        'createTransformerPayne',
        'labelEmbeddingJacobian',
        'parseTransformerPayneConfig',
        'planWavelengthChunks',
        'registerTransformerPayne',
        'transformerPayneArchitectureSchema',
        'transformerPayneConfigSchema',
        'transformerPayneParameterCount',
        'transformerPayneWeightShapes',
      ].sort(),
    );
  });
});
