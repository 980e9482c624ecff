import { describe, expect, it } from 'vitest';
import { PlotError, cornerPlot, renderSvg } from '../src/index';

// 2 000 draws of a correlated 3-D Gaussian (seeded): x ~ N(0, 1), y = 0.8 x + 0.6 e, z uniform on [5, 6]
function draws(n: number): Float64Array {
  let s = 12345;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const g = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const x = g();
    out.set([x, 0.8 * x + 0.6 * g(), 5 + u()], 3 * i);
  }
  return out;
}

describe('cornerPlot', () => {
  const samples = draws(2000);
  const spec = cornerPlot({ labels: ['x', 'y', 'z'], samples, truths: [0, 0, 5.5], bins: 20 }) as any;

  it('lays out the lower triangle: row i has i + 1 panels, a histogram on the diagonal', () => {
    expect(spec.vconcat.map((r: any) => r.hconcat.length)).toEqual([1, 2, 3]);
    expect(spec.vconcat[2].hconcat[2].layer[0].mark.type).toBe('rect');
    expect(spec.vconcat[2].hconcat[2].layer[0].encoding.y2.field).toBe('zero');
    expect(spec.vconcat[2].hconcat[0].layer[0].encoding.x.scale.zero).toBe(false);
    expect(spec.vconcat[2].hconcat[0].layer[0].mark.type).toBe('rect');
  });

  it('bins every draw inside the 0.5–99.5 % range once; percentile lines are the 16/50/84 % quantiles', () => {
    const hist = spec.vconcat[0].hconcat[0].layer[0].data.values as { lo: number; hi: number; count: number }[];
    const [lo, hi] = [hist[0]!.lo, hist[hist.length - 1]!.hi];
    const xs = Array.from({ length: 2000 }, (_, i) => samples[3 * i]!);
    const inside = xs.filter((v) => v >= lo && v < hi).length;
    expect(hist.reduce((s, b) => s + b.count, 0)).toBe(inside);
    const sorted = [...xs].sort((a, b) => a - b);
    const median = (sorted[999]! + sorted[1000]!) / 2;
    expect(spec.vconcat[0].hconcat[0].layer[1].data.values[1].v).toBeCloseTo(median, 12);
    // 2-D counts: the x–y panel sees the correlation (more draws in the ++ and −− quadrants)
    const rects = spec.vconcat[1].hconcat[0].layer[0].data.values as {
      x: number;
      y: number;
      x2: number;
      y2: number;
      count: number;
    }[];
    const same = rects.filter((r) => (r.x + r.x2) * (r.y + r.y2) > 0).reduce((s, r) => s + r.count, 0);
    const total = rects.reduce((s, r) => s + r.count, 0);
    expect(same / total).toBeGreaterThan(0.75); // P(sign x = sign y) = 1/2 + asin(0.8)/π ≈ 0.795
  });

  it('renders to SVG and rejects bad input with a clear error', async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(() => cornerPlot({ labels: ['a', 'b'], samples: [1, 2, 3] })).toThrow(/must hold n × 2 values/);
    expect(() => cornerPlot({ labels: ['a'], samples: [1, NaN] })).toThrow(PlotError);
  });
});
