import { join } from 'node:path';
import { hostBlas, initBackend, type BackendName } from '@astroemu/backend';
import { emulatorVariance } from '@astroemu/posterior';
import { makeGrid } from '@astroemu/synth';
import { evaluateForReport } from './evaluateForReport';
import { fitHeldOut } from './fitHeldOut';
import { loadTrainingData } from './loadData';
import { formatSeconds, type AppIo } from './progressBar';
import { trainRun } from './trainRun';
import { sci, writeReport, type ReportModel } from './writeReport';

export interface DemoOptions {
  out: string;
  steps: number;
  /** Data-parallel threads of the TransformerPayne run (default 2: both cores). */
  workers?: number;
  nTrain: number;
  nVal: number;
  nFit: number;
  backend: BackendName;
  seed: number;
  R: number;
  lambdaMin: number;
  lambdaMax: number;
}

/**
 * TransformerPayne in the demo (and the scaling experiment): the 'tiny' preset (56 k parameters beside the Payne's
 * 17 k), peak learning rate 1e-2. The demo trains it on 200 of the grid's 397 pixels per step (a step costs 0.64× one
 * on all pixels, so more steps fit the budget), warm-up–stable–decay with the EMA of the weights validated and kept:
 * lower validation MAE per CPU second than all pixels with warm-up + cosine (docs/experiments.md, issue 17).
 */
export const DEMO_TRANSFORMER_PAYNE = {
  preset: 'tiny',
  learningRate: 1e-2,
  wavelengthsPerStep: 200,
  schedule: 'wsd',
  ema: 0.99,
} as const;

/**
 * The README's quick start: a small synthetic grid, a tiny TransformerPayne and a small Payne trained on the same
 * data, both evaluated on the same validation spectra, label fits of held-out noisy spectra, one report.
 */
export async function demoCommand(o: DemoOptions, io: AppIo, command: string): Promise<string> {
  const t0 = performance.now();
  const backend = await initBackend({ backend: o.backend });
  const synth = { R: o.R, lambdaMin: o.lambdaMin, lambdaMax: o.lambdaMax, seed: o.seed };
  const data = await loadTrainingData('synth:train', o.nTrain, o.nVal, synth);
  io.err(
    `backend ${backend}${hostBlas() === undefined ? '' : ' + the native OpenBLAS accelerator'}; ${data.description}`,
  );
  const common = {
    preset: 'small' as const,
    data,
    steps: o.steps,
    batch: 16,
    seed: o.seed,
    validateEvery: Math.max(1, Math.floor(o.steps / 5)),
    io,
  };
  const models: ReportModel[] = [];
  for (const [model, name, lr] of [
    ['transformer-payne', 'TransformerPayne', DEMO_TRANSFORMER_PAYNE.learningRate],
    ['payne', 'Payne', 3e-3],
  ] as const) {
    const run = await trainRun({
      ...common,
      model,
      label: name,
      out: join(o.out, model),
      learningRate: lr,
      wavelengthsPerStep: data.wavelength.length,
      transformerPaynePreset: DEMO_TRANSFORMER_PAYNE.preset,
      ...(model === 'transformer-payne'
        ? {
            wavelengthsPerStep: DEMO_TRANSFORMER_PAYNE.wavelengthsPerStep,
            schedule: DEMO_TRANSFORMER_PAYNE.schedule,
            ema: DEMO_TRANSFORMER_PAYNE.ema,
            ...((o.workers ?? 2) > 1 ? { workers: o.workers ?? 2 } : {}),
          }
        : {}),
    });
    const evaluation = await evaluateForReport(run.emulator, data.validation);
    io.err(
      `${name}: validation MSE ${sci(evaluation.metrics.mse)} MAE ${sci(evaluation.metrics.mae)} MAQE0.95 ${sci(evaluation.metrics.maqe95)} (${formatSeconds(run.seconds)})`,
    );
    models.push({ name, run, evaluation });
  }
  const sections: string[] = [];
  if (o.nFit > 0) {
    const validationGrid = makeGrid({
      kind: 'validation',
      n: o.nVal + o.nFit,
      seed: o.seed,
      R: o.R,
      lambdaMin: o.lambdaMin,
      lambdaMax: o.lambdaMax,
    });
    const rows = Array.from({ length: o.nFit }, (_, i) => o.nVal + i);
    // σ²_emu from each emulator's residual bands on the validation spectra (same pixels as the held-out ones)
    const fit = await fitHeldOut(
      models.map((m) => ({
        name: m.name,
        emulator: m.run.emulator,
        ...(m.evaluation.metrics.bands ? { emulatorVariance: emulatorVariance(m.evaluation.metrics.bands) } : {}),
      })),
      validationGrid,
      rows,
      100,
      Array.from({ length: o.nVal }, (_, i) => i), // the validation spectra: σ_sys of the labels
    );
    sections.push(fit.markdown);
    io.err(fit.line);
  }
  const seconds = (performance.now() - t0) / 1000;
  sections.push(
    `## Run\n\nWall time of the demo: ${formatSeconds(seconds)} (backend ${backend}, ${o.steps} steps per model).\n`,
  );
  const report = await writeReport({
    out: o.out,
    title: 'astroemu demo: TransformerPayne vs The Payne on a synthetic grid',
    data,
    models,
    sections,
    command,
  });
  for (const m of models) {
    const x = m.evaluation.metrics;
    io.out(`${m.name}: MSE ${sci(x.mse)}  MAE ${sci(x.mae)}  MAQE0.95 ${sci(x.maqe95)}`);
    m.run.emulator.dispose();
  }
  io.out(`demo finished in ${formatSeconds((performance.now() - t0) / 1000)}`);
  io.out(`report: ${report}`);
  return report;
}
