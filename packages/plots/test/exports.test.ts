import { describe, expect, it } from 'vitest';
import * as plots from '../src/index';

describe('@astroemu/plots public surface', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(plots).sort()).toEqual(
      [
        'PLOT_CONFIG',
        'PlotError',
        'VEGA_LITE_SCHEMA',
        'attentionMapPlot',
        'barPlot',
        'cornerPlot',
        'lossCurvePlot',
        'renderPng',
        'renderSvg',
        'residualBandsPlot',
        'residualHistogramPlot',
        'scalingPlot',
        'spectrumComparisonPlot',
        'writePlot',
      ].sort(),
    );
  });
});
