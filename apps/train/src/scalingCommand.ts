import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initBackend, type BackendName } from '@astroemu/backend';
import { scalingPlot, writePlot, type ScalingPoint } from '@astroemu/plots';
import { evaluateEmulator, subsetSource } from '@astroemu/training';
import { parseModelName, type ModelName } from './createModel';
import { DEMO_TRANSFORMER_PAYNE } from './demoCommand';
import { loadTrainingData, type TrainingData } from './loadData';
import { formatSeconds, type AppIo } from './progressBar';
import { trainRun } from './trainRun';
import { sci } from './writeReport';

export interface ScalingOptions {
  models: string[];
  sizes: string[];
  steps: number;
  pretrainSteps: number;
  pretrainSize: number;
  nVal: number;
  batch: number;
  out: string;
  backend: BackendName;
  seed: number;
  R: number;
  lambdaMin: number;
  lambdaMax: number;
}

interface ResultRow {
  model: ModelName;
  variant: 'from scratch' | 'fine-tuned';
  size: number;
  mse: number;
  mae: number;
  maqe95: number;
  seconds: number;
}

/** Learning rates per model (the Payne-like MLPs like a larger one at small size). */
const LEARNING_RATE: Record<ModelName, number> = {
  payne: 3e-3,
  bigpayne: 1e-3,
  conv: 1e-3,
  'transformer-payne': DEMO_TRANSFORMER_PAYNE.learningRate,
};

/** TransformerPayne as in the demo: the 'tiny' preset on every pixel of the grid each step. */
function tpSettings(wavelength: Float64Array) {
  return { wavelengthsPerStep: wavelength.length, transformerPaynePreset: DEMO_TRANSFORMER_PAYNE.preset };
}

/**
 * The paper's Fig. 5 at CPU scale: each model ('small' preset; TransformerPayne 'tiny') trained for the same number of steps on the first n
 * spectra of one synthetic training grid for every n, from scratch and fine-tuned from a run on the pre-training grid
 * (Teff, logg fixed; those two labels are appended to the input layer). Writes results.jsonl, results.md, scaling.{svg,png}.
 */
export async function scalingCommand(o: ScalingOptions, io: AppIo, command: string): Promise<string> {
  const models = o.models.map((m) => parseModelName(m, '--models'));
  const sizes = o.sizes.map(Number).sort((a, b) => a - b);
  const t0 = performance.now();
  const backend = await initBackend({ backend: o.backend });
  const synth = { R: o.R, lambdaMin: o.lambdaMin, lambdaMax: o.lambdaMax, seed: o.seed };
  const full = await loadTrainingData('synth:train', sizes[sizes.length - 1]!, o.nVal, synth);
  const pre = o.pretrainSteps > 0 ? await loadTrainingData('synth:pretrain', o.pretrainSize, o.nVal, synth) : undefined;
  io.err(`backend ${backend}; ${full.description}`);
  await mkdir(o.out, { recursive: true });
  const rows: ResultRow[] = [];
  const common = { preset: 'small' as const, batch: o.batch, seed: o.seed, io };
  const record = async (row: ResultRow) => {
    rows.push(row);
    await writeFile(join(o.out, 'results.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    io.err(
      `${row.model} ${row.variant} n=${row.size}: MSE ${sci(row.mse)} MAE ${sci(row.mae)} MAQE0.95 ${sci(row.maqe95)} (${formatSeconds(row.seconds)})`,
    );
  };
  const failures: string[] = [];
  for (const model of models) {
    try {
      await runModel(model);
    } catch (e) {
      // One model failing (e.g. a kernel its package needs is missing on this backend) must not lose the others.
      const why = (e as Error).message.split('\n')[0]!;
      failures.push(`- **${model}** failed: ${why}`);
      io.err(`${model} failed: ${why}`);
    }
  }
  async function runModel(model: ModelName): Promise<void> {
    let pretrained: string | undefined;
    if (pre) {
      const run = await trainRun({
        ...common,
        model,
        data: pre,
        out: join(o.out, model, 'pretrain'),
        steps: o.pretrainSteps,
        validateEvery: Math.max(1, Math.floor(o.pretrainSteps / 5)),
        learningRate: LEARNING_RATE[model],
        ...tpSettings(pre.wavelength),
        label: `${model} pretrain`,
      });
      pretrained = run.bundle;
      run.emulator.dispose();
    }
    for (const size of sizes) {
      const data: TrainingData = {
        ...full,
        train: subsetSource(
          full.train,
          Array.from({ length: size }, (_, i) => i),
        ),
      };
      for (const variant of pretrained ? (['from scratch', 'fine-tuned'] as const) : (['from scratch'] as const)) {
        const run = await trainRun({
          ...common,
          model,
          data,
          out: join(o.out, model, `${variant === 'fine-tuned' ? 'finetune' : 'scratch'}-${size}`),
          steps: o.steps,
          validateEvery: Math.max(1, Math.floor(o.steps / 5)),
          learningRate: LEARNING_RATE[model],
          ...tpSettings(full.wavelength),
          ...(variant === 'fine-tuned' ? { fineTuneFrom: pretrained! } : {}),
          label: `${model} ${variant} n=${size}`,
        });
        const m = await evaluateEmulator(run.emulator, full.validation);
        run.emulator.dispose();
        await record({ model, variant, size, mse: m.mse, mae: m.mae, maqe95: m.maqe95, seconds: run.seconds });
      }
    }
  }
  if (rows.length === 0) throw new Error(`every model failed:\n${failures.join('\n')}`);
  const points: ScalingPoint[] = rows.flatMap((r) =>
    (['mse', 'mae', 'maqe95'] as const).map((metric) => ({
      model: r.model,
      size: r.size,
      value: r[metric],
      metric: metric === 'maqe95' ? 'MAQE0.95' : metric.toUpperCase(),
      variant: r.variant,
    })),
  );
  const plot = await writePlot(
    join(o.out, 'scaling'),
    scalingPlot({
      points,
      title: 'Validation metrics vs training-set size (small presets, tiny TransformerPayne, equal steps)',
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const md = [
    '# Scaling experiment (paper Fig. 5, CPU scale)',
    '',
    `Command: \`${command}\``,
    '',
    `Data: ${full.description}. ${pre ? `Pre-training: ${pre.description}, ${o.pretrainSteps} steps per model.` : 'No pre-training.'} ${o.steps} steps per run, batch ${o.batch}, backend ${backend}. Wall time ${formatSeconds(seconds)}.`,
    '',
    '| model | training | n | MSE | MAE | MAQE0.95 | train time |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.variant} | ${r.size} | ${sci(r.mse)} | ${sci(r.mae)} | ${sci(r.maqe95)} | ${formatSeconds(r.seconds)} |`,
    ),
    '',
    `![scaling](scaling.png) ([SVG](scaling.svg))`,
    '',
    ...(failures.length ? ['## Failures', '', ...failures, ''] : []),
  ].join('\n');
  const path = join(o.out, 'results.md');
  await writeFile(path, md);
  io.out(`scaling experiment finished in ${formatSeconds(seconds)}: ${path}, ${plot.png}`);
  return path;
}
