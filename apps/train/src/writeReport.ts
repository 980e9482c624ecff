import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  lossCurvePlot,
  residualBandsPlot,
  residualHistogramPlot,
  spectrumComparisonPlot,
  writePlot,
  type PlotSpec,
} from '@astroemu/plots';
import { attentionFigure } from './attentionFigure';
import type { Evaluation } from './evaluateForReport';
import type { TrainingData } from './loadData';
import { formatSeconds } from './progressBar';
import type { TrainRun } from './trainRun';

export interface ReportModel {
  name: string;
  run: TrainRun;
  evaluation: Evaluation;
}

export interface ReportOptions {
  out: string;
  title: string;
  data: TrainingData;
  models: ReportModel[];
  /** Extra markdown sections appended after the figures (e.g. label fits). */
  sections?: string[];
  /** The command line, for reproducibility. */
  command?: string;
}

export const REPORT_FILE = 'report.md';

/**
 * report.md in `out` with the final metrics table and the figures as PNG (and SVG) under `out/plots/`:
 * loss curves, residual bands vs wavelength and histogram (Fig. 4), a predicted-vs-true zoom with residuals
 * (Fig. 1) and, for TransformerPayne, an attention map (Fig. 9). Returns the report's path.
 */
export async function writeReport(o: ReportOptions): Promise<string> {
  const plots = join(o.out, 'plots');
  await mkdir(plots, { recursive: true });
  const figures: string[] = [];
  const figure = async (name: string, caption: string, spec: PlotSpec) => {
    const file = await writePlot(join(plots, name), spec);
    figures.push(
      `### ${caption}\n\n![${caption}](${relative(o.out, file.png)}) ([SVG](${relative(o.out, file.svg)}))\n`,
    );
  };
  const wavelength = o.data.wavelength;

  for (const m of o.models) {
    await figure(
      `loss-${slug(m.name)}`,
      `${m.name}: training loss and validation metrics`,
      lossCurvePlot({ train: m.run.logs.loss, validation: m.run.logs.validations, title: m.name }),
    );
  }
  for (const m of o.models) {
    const bands = m.evaluation.metrics.bands!;
    await figure(
      `residual-bands-${slug(m.name)}`,
      `${m.name}: residuals vs wavelength (paper Fig. 4)`,
      residualBandsPlot({
        wavelength,
        bands,
        title: `${m.name}: residuals over ${m.evaluation.metrics.spectra} validation spectra`,
      }),
    );
  }
  await figure(
    'residual-histogram',
    'Residual histogram (paper Fig. 4)',
    residualHistogramPlot({ series: o.models.map((m) => ({ name: m.name, residuals: m.evaluation.residuals })) }),
  );

  const example = o.models[0]!.evaluation.example;
  const deepest = argMin(example.truth);
  const span = Math.max(
    (wavelength[wavelength.length - 1]! - wavelength[0]!) / 10,
    3 * (wavelength[1]! - wavelength[0]!),
  );
  const range: [number, number] = [wavelength[deepest]! - span / 2, wavelength[deepest]! + span / 2];
  await figure(
    'spectrum-zoom',
    'Predicted vs true spectrum, first validation spectrum (paper Fig. 1)',
    spectrumComparisonPlot({
      wavelength,
      truth: example.truth,
      predicted: o.models.map((m) => ({ name: m.name, flux: m.evaluation.example.predicted })),
      range,
    }),
  );
  for (const m of o.models) {
    const spec = await attentionFigure(m.run.emulator, m.evaluation.example.labels, wavelength, deepest);
    if (spec)
      await figure(
        `attention-${slug(m.name)}`,
        `${m.name}: attention of every block and head at ${wavelength[deepest]!.toFixed(2)} Å (paper Fig. 9)`,
        spec,
      );
  }

  const rows = o.models.map((m) => {
    const r = m.run.result;
    const x = m.evaluation.metrics;
    const steps = r.step;
    return `| ${m.name} | ${m.run.emulator.parameterCount().toLocaleString('en-US')} | ${steps} | ${formatSeconds(m.run.seconds)} | ${(steps / m.run.seconds).toFixed(2)} | ${r.best.mae?.step ?? '—'} | ${sci(x.mse)} | ${sci(x.mae)} | ${sci(x.maqe95)} | ${sci(x.maxAE)} |`;
  });
  const md = [
    `# ${o.title}`,
    '',
    `Data: ${o.data.description}.`,
    o.command ? `\nCommand: \`${o.command}\`\n` : '',
    '## Final metrics (best-validation-MAE weights, on the validation spectra)',
    '',
    '| model | parameters | steps | train time | steps/s | best step | MSE | MAE | MAQE0.95 | MaxAE |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...o.models.map((m) => `- **${m.name}**: ${m.run.origin}; bundle \`${relative(o.out, m.run.bundle) || '.'}\`.`),
    '',
    'Per-validation metrics are in `metrics.jsonl`, per-step losses in `loss.jsonl` (one folder per model when there are several).',
    '',
    '## Figures',
    '',
    ...figures,
    ...(o.sections ?? []),
  ].join('\n');
  const path = join(o.out, REPORT_FILE);
  await writeFile(`${path}.tmp`, md);
  await rename(`${path}.tmp`, path);
  return path;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function argMin(a: Float32Array): number {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! < a[k]!) k = i;
  return k;
}

export function sci(x: number): string {
  return Number.isFinite(x) ? x.toExponential(3) : String(x);
}
