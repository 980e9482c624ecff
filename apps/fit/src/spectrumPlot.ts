import { join } from 'node:path';
import type { Emulator } from '@astroemu/emulator-core';
import type { FitResult, ObservedSpectrum } from '@astroemu/inference';
import { spectrumComparisonPlot, writePlot, type PlotSpec } from '@astroemu/plots';
import { modelFlux, type ModelFluxOptions } from '@astroemu/emulators';

/** File name (without extension) of a spectrum's plot: its id with anything but [A-Za-z0-9._-] replaced. */
export function plotName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
}

/** Writes DIR/<id>.png and .svg: observed flux, the fitted model and residuals (model − data). Masked pixels are left out. */
export async function writeSpectrumPlot(
  dir: string,
  id: string,
  emulator: Emulator,
  spectrum: ObservedSpectrum & { wavelength: Float64Array },
  result: FitResult,
  options: ModelFluxOptions = {},
): Promise<string> {
  // the fit's own model when it returned one (APOGEE normalisation: data / its continuum against it)
  const model = result.modelFlux ?? modelFlux(emulator, result, spectrum.wavelength, options);
  const c = result.dataContinuum;
  const flux = c ? Float64Array.from(spectrum.flux, (f, j) => f / c[j]!) : spectrum.flux;
  const keep: number[] = [];
  for (let j = 0; j < model.length; j++) {
    const ok =
      Number.isFinite(model[j]) &&
      Number.isFinite(flux[j]!) &&
      (spectrum.mask?.[j] ?? 0) === 0 &&
      spectrum.ivar[j]! > 0;
    if (ok) keep.push(j);
  }
  const labels = Object.entries(result.uncertainties)
    .map(([k]) => `${k} ${(result.labels[k] ?? NaN).toPrecision(4)}`)
    .join(', ');
  const spec = spectrumComparisonPlot({
    wavelength: Float64Array.from(keep, (j) => spectrum.wavelength[j]!),
    truth: Float64Array.from(keep, (j) => flux[j]!),
    predicted: [{ name: 'model', flux: Float64Array.from(keep, (j) => model[j]!) }],
    title: `${id}: ${labels}, rv ${result.rv.toFixed(2)} km/s, χ²_red ${result.reducedChi2.toFixed(2)}`,
  });
  const { png } = await writePlot(join(dir, plotName(id)), renameTruth(spec, 'data') as PlotSpec);
  return png;
}

/**
 * spectrumComparisonPlot calls its reference series 'true' (it was made for emulator vs grid); here
 * the reference is the observation, so rename that series (data values and colour domain).
 */
function renameTruth(node: unknown, name: string): unknown {
  if (Array.isArray(node)) return node.map((x) => (x === 'true' ? name : renameTruth(x, name)));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === 'series' && v === 'true' ? name : renameTruth(v, name)]),
  );
}
