import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { PlotSpec } from './plotSpec';
import { renderPng, type RenderPngOptions } from './renderPng';
import { renderSvg } from './renderSvg';

export interface WrittenPlot {
  svg: string;
  png: string;
}

/**
 * Renders `spec` and writes `<path>.svg` and `<path>.png` (each to a temporary file in the same folder,
 * then renamed, so readers never see half a file). Creates the folder. Returns both paths.
 */
export async function writePlot(
  pathWithoutExt: string,
  spec: PlotSpec,
  opts: RenderPngOptions = {},
): Promise<WrittenPlot> {
  const svg = await renderSvg(spec);
  const png = await renderPng(svg, opts);
  await mkdir(dirname(pathWithoutExt), { recursive: true });
  const out = { svg: `${pathWithoutExt}.svg`, png: `${pathWithoutExt}.png` };
  await atomicWrite(out.svg, svg);
  await atomicWrite(out.png, png);
  return out;
}

async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${dirname(path)}/.${basename(path)}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
