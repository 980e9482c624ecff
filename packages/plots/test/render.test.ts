import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PlotError, barPlot, renderPng, renderSvg, writePlot } from '../src/index';
import { pngInfo } from './svgHelpers';

const spec = barPlot({
  bars: [
    { label: 'a', value: 1 },
    { label: 'b', value: 3 },
  ],
  width: 200,
  height: 100,
});
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('renderSvg', () => {
  it('gives a standalone SVG document', async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('wraps vega failures in a PlotError', async () => {
    await expect(
      renderSvg({ mark: 'bar', encoding: { x: { field: 'a', type: 'nonsense' } } } as never),
    ).rejects.toThrow(PlotError);
  });
});

describe('renderPng', () => {
  it('makes a PNG of the requested width, with the aspect ratio of the SVG, not blank', async () => {
    const svg = await renderSvg(spec);
    const w = Number(/width="(\d+)"/.exec(svg)![1]);
    const h = Number(/height="(\d+)"/.exec(svg)![1]);
    const png = await renderPng(svg, { width: 3 * w });
    const info = pngInfo(png);
    expect(info.signatureOk).toBe(true);
    expect(info.width).toBe(3 * w);
    expect(Math.abs(info.height - 3 * h)).toBeLessThanOrEqual(1);
    expect(info.distinctBytes).toBeGreaterThan(20);
  });

  it('a blank SVG gives a blank PNG (the non-blank check can fail)', async () => {
    const png = await renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="20"></svg>');
    const info = pngInfo(png);
    expect([info.width, info.height]).toEqual([100, 40]);
    expect(info.distinctBytes).toBeLessThan(5);
  });

  it('rejects a bad width', async () => {
    await expect(renderPng(spec, { width: 0 })).rejects.toThrow(/'width'.*got 0/);
  });
});

describe('writePlot', () => {
  it('writes .svg and .png and nothing else (no temporary files left)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plots-'));
    dirs.push(dir);
    const out = await writePlot(join(dir, 'sub', 'bars'), spec);
    expect(out).toEqual({ svg: join(dir, 'sub', 'bars.svg'), png: join(dir, 'sub', 'bars.png') });
    expect((await readdir(join(dir, 'sub'))).sort()).toEqual(['bars.png', 'bars.svg']);
    expect((await readFile(out.svg, 'utf8')).startsWith('<svg')).toBe(true);
    expect(pngInfo(new Uint8Array(await readFile(out.png))).signatureOk).toBe(true);
  });
});
