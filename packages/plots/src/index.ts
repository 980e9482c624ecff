// Public surface of @astroemu/plots (pinned by test/exports.test.ts).

// Rendering
export { renderSvg } from './renderSvg';
export { renderPng } from './renderPng';
export type { RenderPngOptions } from './renderPng';
export { writePlot } from './writePlot';
export type { WrittenPlot } from './writePlot';
export { PLOT_CONFIG, VEGA_LITE_SCHEMA } from './plotSpec';
export type { PlotSpec, NumberArray } from './plotSpec';

// Spec builders (figures of the TransformerPayne paper)
export { lossCurvePlot } from './lossCurvePlot';
export type { LossCurveOptions } from './lossCurvePlot';
export { residualBandsPlot } from './residualBandsPlot';
export type { ResidualBandsInput, ResidualBandsOptions } from './residualBandsPlot';
export { residualHistogramPlot } from './residualHistogramPlot';
export type { ResidualHistogramOptions } from './residualHistogramPlot';
export { spectrumComparisonPlot } from './spectrumComparisonPlot';
export type { SpectrumComparisonOptions } from './spectrumComparisonPlot';
export { attentionMapPlot } from './attentionMapPlot';
export type { AttentionMapOptions } from './attentionMapPlot';
export { barPlot } from './barPlot';
export type { BarPlotOptions } from './barPlot';
export { scalingPlot } from './scalingPlot';
export type { ScalingPlotOptions, ScalingPoint } from './scalingPlot';

export { cornerPlot } from './cornerPlot';
export type { CornerPlotOptions } from './cornerPlot';

// Errors
export { PlotError } from './errors';
