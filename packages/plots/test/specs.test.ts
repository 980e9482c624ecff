import { describe, expect, it } from 'vitest';
import {
  PlotError,
  attentionMapPlot,
  barPlot,
  lossCurvePlot,
  renderSvg,
  residualBandsPlot,
  residualHistogramPlot,
  scalingPlot,
  spectrumComparisonPlot,
} from '../src/index';
import { axisTitles, countMarks } from './svgHelpers';

const wavelength = Float64Array.from({ length: 40 }, (_, i) => 5000 + 0.5 * i);
const line = (depth: number) => wavelength.map((x) => 1 - depth * Math.exp(-((x - 5010) ** 2) / 2));

describe('lossCurvePlot', () => {
  it('draws one line per series and one point per validation metric value, on a log y axis', async () => {
    const spec = lossCurvePlot({
      train: Array.from({ length: 30 }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1) })),
      validation: [10, 20, 30].map((step) => ({ step, mse: 1e-3 / step, mae: 1e-2 / step, maqe95: 5e-2 / step })),
    });
    const svg = await renderSvg(spec);
    expect(countMarks(svg, 'line')).toBe(4); // train + 3 validation metrics
    expect(countMarks(svg, 'symbol')).toBe(9); // 3 validations × 3 metrics
    expect(axisTitles(svg)).toEqual(['Step', 'Loss / metric']);
    expect(JSON.stringify(spec)).toContain('"type":"log"');
  });

  it('drops non-positive values (log axis) and strides long runs to maxPoints', () => {
    const spec = lossCurvePlot({
      train: Array.from({ length: 1000 }, (_, i) => ({ step: i, loss: i === 5 ? 0 : 1 })),
      maxPoints: 100,
    }) as { data: { values: Array<{ value: number | null }> } };
    expect(spec.data.values.length).toBeLessThanOrEqual(101);
    expect(() => lossCurvePlot({})).toThrow(/nothing to plot/);
  });
});

describe('residualBandsPlot', () => {
  const bands = {
    percentiles: [2.5, 16, 50, 84, 97.5],
    values: [-2, -1, 0, 1, 2].map((k) => wavelength.map(() => k * 1e-3)),
  };

  it('draws the 2σ and 1σ areas, the median line and a zero rule', async () => {
    const svg = await renderSvg(residualBandsPlot({ wavelength, bands }));
    expect(countMarks(svg, 'area')).toBe(2);
    expect(countMarks(svg, 'line')).toBe(1);
    expect(countMarks(svg, 'rule')).toBe(1);
    expect(axisTitles(svg)).toEqual(['Wavelength (Å)', 'Residual (predicted − true flux)']);
  });

  it('names a missing percentile and a length mismatch', () => {
    expect(() =>
      residualBandsPlot({ wavelength, bands: { percentiles: [16, 50, 84], values: bands.values.slice(1, 4) } }),
    ).toThrow(/percentile 2\.5/);
    expect(() => residualBandsPlot({ wavelength: wavelength.subarray(1), bands })).toThrow(PlotError);
  });
});

describe('residualHistogramPlot', () => {
  it('draws one bar per non-empty bin of every series', async () => {
    const a = Float32Array.from({ length: 100 }, (_, i) => (i < 50 ? -0.5 : 0.5)); // two bins
    const b = Float32Array.from({ length: 10 }, () => 0.1); // one bin
    const spec = residualHistogramPlot({
      series: [
        { name: 'a', residuals: a },
        { name: 'b', residuals: b },
      ],
      bins: 10,
      range: [-1, 1],
    });
    const svg = await renderSvg(spec);
    expect(countMarks(svg, 'rect')).toBe(3);
    expect(axisTitles(svg)).toEqual(['Residual (predicted − true flux)', 'Fraction of pixels']);
    const rows = (spec as { data: { values: Array<{ series: string; fraction: number }> } }).data.values;
    expect(rows.filter((r) => r.series === 'a').map((r) => r.fraction)).toEqual([0.5, 0.5]);
  });

  it('rejects an empty series list and bad bins', () => {
    expect(() => residualHistogramPlot({ series: [] })).toThrow(/'series'.*at least one/);
    expect(() => residualHistogramPlot({ series: [{ name: 'a', residuals: [1] }], bins: 0 })).toThrow(/'bins'/);
  });
});

describe('spectrumComparisonPlot', () => {
  it('draws truth + predictions in the top panel and one residual line per prediction below', async () => {
    const spec = spectrumComparisonPlot({
      wavelength,
      truth: line(0.5),
      predicted: [
        { name: 'TransformerPayne', flux: line(0.49) },
        { name: 'Payne', flux: line(0.45) },
      ],
      range: [5005, 5015],
    });
    const svg = await renderSvg(spec);
    expect(countMarks(svg, 'line')).toBe(3 + 2);
    expect(axisTitles(svg)).toEqual(['Normalized flux', 'Wavelength (Å)', 'Residual']);
    const top = (spec as { vconcat: Array<{ data: { values: Array<{ wavelength: number }> } }> }).vconcat[0]!.data
      .values;
    expect(top.every((r) => r.wavelength >= 5005 && r.wavelength <= 5015)).toBe(true);
    expect(top.length).toBe(3 * 21);
  });

  it('names the argument whose length is wrong, and a range outside the data', () => {
    expect(() =>
      spectrumComparisonPlot({ wavelength, truth: line(0.5).subarray(2), predicted: [{ name: 'x', flux: line(0.5) }] }),
    ).toThrow(/Argument 'truth'.*40 values; got 38/);
    expect(() =>
      spectrumComparisonPlot({
        wavelength,
        truth: line(0.5),
        predicted: [{ name: 'x', flux: line(0.5) }],
        range: [6000, 6001],
      }),
    ).toThrow(/'range'/);
  });
});

describe('attentionMapPlot', () => {
  const shape = [2, 3, 5, 4] as const;
  const values = Float32Array.from({ length: 2 * 3 * 5 * 4 }, (_, i) => (i % 4) / 6);

  it('layer-head view: one cell per (block·head, token)', async () => {
    const svg = await renderSvg(
      attentionMapPlot({
        values,
        shape,
        view: { kind: 'layer-head', wavelengthIndex: 2 },
        wavelength: wavelength.subarray(0, 5),
      }),
    );
    expect(countMarks(svg, 'rect')).toBe(2 * 3 * 4);
    expect(axisTitles(svg)).toEqual(['Label token', 'Block · head']);
    expect(svg).toContain('5001.00 Å');
  });

  it('wavelength view: one cell per (λ, token) of one head', async () => {
    const svg = await renderSvg(attentionMapPlot({ values, shape, view: { kind: 'wavelength', layer: 1, head: 2 } }));
    expect(countMarks(svg, 'rect')).toBe(5 * 4);
    expect(axisTitles(svg)).toEqual(['Label token', 'Wavelength index']);
  });

  it('checks the shape against the values and the indices against the shape', () => {
    expect(() =>
      attentionMapPlot({ values: values.subarray(1), shape, view: { kind: 'layer-head', wavelengthIndex: 0 } }),
    ).toThrow(/'values'.*120 values; got 119/);
    expect(() => attentionMapPlot({ values, shape, view: { kind: 'wavelength', layer: 2, head: 0 } })).toThrow(
      /'view\.layer'.*\[0, 2\)/,
    );
  });
});

describe('barPlot', () => {
  it('draws one bar per entry and the threshold line with its label', async () => {
    const svg = await renderSvg(
      barPlot({
        bars: ['Fe', 'Mg', 'Ti', 'Eu'].map((label, i) => ({ label, value: 0.01 * 2 ** i })),
        threshold: 0.05,
        thresholdLabel: '0.05 dex',
        yTitle: 'σ_CRB (dex)',
        logY: true,
      }),
    );
    expect(countMarks(svg, 'rect')).toBe(4);
    expect(countMarks(svg, 'rule')).toBe(1);
    expect(svg).toContain('0.05 dex');
    expect(axisTitles(svg)).toContain('σ_CRB (dex)');
  });

  it('rejects a non-positive value on a log axis', () => {
    expect(() => barPlot({ bars: [{ label: 'Fe', value: 0 }], logY: true })).toThrow(/bar 0 \('Fe'\)/);
  });
});

describe('scalingPlot', () => {
  it('one panel per metric, one line per (model, variant), one point per measurement', async () => {
    const points = [100, 300, 1000].flatMap((size) =>
      ['mse', 'mae'].flatMap((metric) =>
        ['payne', 'transformer-payne'].flatMap((model) =>
          ['from scratch', 'fine-tuned'].map((variant) => ({ model, size, metric, variant, value: 1 / size })),
        ),
      ),
    );
    const svg = await renderSvg(scalingPlot({ points }));
    expect(countMarks(svg, 'line')).toBe(2 * 2 * 2);
    expect(countMarks(svg, 'symbol')).toBe(points.length);
    expect(axisTitles(svg).filter((t) => t === 'Training-set size (spectra)')).toHaveLength(2);
  });

  it('rejects values a log axis cannot show', () => {
    expect(() => scalingPlot({ points: [{ model: 'a', size: 0, value: 1 }] })).toThrow(/point 0/);
  });
});
