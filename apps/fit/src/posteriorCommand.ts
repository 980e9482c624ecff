import { mkdir, rename, writeFile } from 'node:fs/promises';
import { cliExitCode } from '@astroemu/cli-args';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Command, Option } from 'commander';
import { initBackend } from '@astroemu/backend';
import { loadResidualBands, type Emulator } from '@astroemu/emulator-core';
import { interpolateTensor } from '@astroemu/inference';
import { cornerPlot, writePlot } from '@astroemu/plots';
import {
  emulatorVariance,
  samplePosterior,
  writeSamplesArrow,
  type PosteriorModel,
  type PosteriorRun,
} from '@astroemu/posterior';
import { processIo, type AppIo } from './appIo';
import { ArgumentError } from './errors';
import { checkLabelNames, loadBundle } from './loadBundle';
import { assignmentsArg, backendArg, intArg, listArg, numberArg } from './parseArgs';
import { openSpectrumInputs } from './spectrumInputs';

/**
 * `astroemu-fit --posterior`: samples the posterior of every input spectrum's labels (@astroemu/posterior) and writes
 * OUT.summary.csv (median, 16/84 %, sd, R̂, ESS per label), OUT.summary.json (the same + covariance, correlation,
 * warnings), OUT.draws.arrow (thinned draws) and, with --corner DIR, one corner plot per spectrum. Spectra sharing a
 * wavelength grid are sampled together (one batched emulator call per gradient evaluation); the model is the
 * emulator's flux interpolated onto the observed pixels. The emulator-error term is on when the bundle carries
 * residual bands (residual-bands.safetensors), unless --no-emulator-error.
 */
export async function posteriorMain(argv: readonly string[], io: AppIo = processIo): Promise<number> {
  const program = new Command('astroemu-fit --posterior')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .option('--posterior', 'sample posteriors instead of fitting')
    .option('--emulator <dir>', 'emulator bundle folder')
    .option('--spectra <files...>', 'FITS spectra and/or Parquet/Arrow grids')
    .option('--out <prefix>', 'output prefix: PREFIX.summary.csv, PREFIX.summary.json, PREFIX.draws.arrow')
    .option('--labels <list>', 'labels to sample (default: all); the others are fixed', listArg('--labels'))
    .option(
      '--fixed <Name=value,…>',
      'values of labels not sampled (default: the middle of their range)',
      assignmentsArg('--fixed'),
    )
    .addOption(new Option('--sampler <name>', 'nuts or ensemble').choices(['nuts', 'ensemble']).default('nuts'))
    .option('--chains <n>', 'NUTS chains per spectrum', intArg('--chains'), 4)
    .option('--walkers <n>', 'ensemble walkers per spectrum (even)', intArg('--walkers'))
    .option('--warmup <n>', 'warm-up (NUTS) or burn-in (ensemble) iterations', intArg('--warmup', 0), 500)
    .option('--draws <n>', 'kept iterations per chain', intArg('--draws'), 500)
    .option('--thin <n>', 'keep every n-th draw in the Arrow file', intArg('--thin'), 1)
    .option('--no-emulator-error', "do not add the bundle's residual bands to the data variance")
    .option('--snr <x>', 'S/N assumed per pixel where a file has no inverse variance', numberArg('--snr'), 100)
    .option('--seed <n>', 'seed', intArg('--seed', 0), 0)
    .option('--corner <dir>', 'write a corner plot (PNG + SVG) per spectrum')
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').argParser(backendArg).default('wasm'));
  try {
    program.parse([...argv], { from: 'user' });
    await posteriorCommand(program.opts(), io);
    return 0;
  } catch (e) {
    return cliExitCode('astroemu-fit', e, (line) => io.err(line));
  }
}

interface PosteriorOptions {
  emulator?: string;
  spectra?: string[];
  out?: string;
  labels?: string[];
  fixed?: Record<string, number>;
  sampler: 'nuts' | 'ensemble';
  chains: number;
  walkers?: number;
  warmup: number;
  draws: number;
  thin: number;
  emulatorError: boolean;
  snr: number;
  seed: number;
  corner?: string;
  backend: Parameters<typeof initBackend>[0] extends infer O ? (O extends { backend?: infer B } ? B : never) : never;
}

/** The emulator's flux on the observed pixels `wavelength` (linear interpolation of a fixed grid, or asked directly). */
function observedModel(emulator: Emulator, wavelength: Float64Array): PosteriorModel {
  const fixed = emulator.wavelength.fixed;
  if (!fixed) return { labels: emulator.labels, predict: (x) => emulator.predict(x, wavelength) };
  const lnRef = Math.log(fixed[0]!);
  const grid = tf.tensor1d(Float32Array.from(fixed, (l) => Math.log(l) - lnRef));
  const query = Float32Array.from(wavelength, (l) => Math.log(l) - lnRef);
  return {
    labels: emulator.labels,
    predict: (x) =>
      tf.tidy(() =>
        interpolateTensor(
          grid,
          emulator.predict(x),
          tf.tile(tf.tensor2d(query, [1, query.length]), [x.shape[0], 1]) as tf.Tensor2D,
        ),
      ),
  };
}

async function posteriorCommand(o: PosteriorOptions, io: AppIo): Promise<void> {
  if (!o.spectra?.length) throw new ArgumentError('--spectra', 'is required: FITS files and/or Parquet/Arrow grids');
  if (!o.out) throw new ArgumentError('--out', 'is required: an output prefix');
  await initBackend({ backend: o.backend });
  const emulator = await loadBundle(o.emulator);
  const inputs = await openSpectrumInputs(o.spectra, { snr: o.snr, medium: emulator.wavelength.medium, warn: io.err });
  try {
    const free = o.labels ?? emulator.labels.map((l) => l.name);
    checkLabelNames('--labels', free, emulator);
    checkLabelNames('--fixed', Object.keys(o.fixed ?? {}), emulator);
    const bands = o.emulatorError ? await loadResidualBands(o.emulator!) : undefined;
    if (o.emulatorError && !bands)
      io.err(`astroemu-fit: the bundle has no residual bands; sampling without the emulator-error term`);
    const loaded = await inputs.load(inputs.ids.map((_, i) => i));
    // group spectra by wavelength grid
    const groups = new Map<string, number[]>();
    loaded.forEach((s, i) => {
      if (!s.ok) return io.err(`astroemu-fit: ${inputs.ids[i]}: ${s.error} (skipped)`);
      const w = s.spectrum.wavelength;
      const key = `${w.length}:${w[0]}:${w[w.length - 1]}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const rows: string[] = [];
    const json: unknown[] = [];
    const runs: { ids: string[]; run: PosteriorRun }[] = [];
    for (const members of groups.values()) {
      const first = loaded[members[0]!] as Extract<(typeof loaded)[number], { ok: true }>;
      const wavelength = first.spectrum.wavelength;
      const model = observedModel(emulator, wavelength);
      const variance = bands
        ? emulatorVariance(bands, {
            wavelength: { bands: bands.wavelength ?? emulator.wavelength.fixed!, target: wavelength },
          })
        : undefined;
      const run = samplePosterior({
        model,
        spectra: members.map((i) => (loaded[i] as typeof first).spectrum),
        free,
        fixed: o.fixed,
        emulatorVariance: variance,
        sampler: o.sampler,
        chains: o.chains,
        walkers: o.walkers,
        warmup: o.warmup,
        draws: o.draws,
        seed: o.seed,
      });
      const ids = members.map((i) => inputs.ids[i]!);
      runs.push({ ids, run });
      run.summaries.forEach((s, b) => {
        rows.push(
          [
            JSON.stringify(ids[b]),
            ...s.labels.flatMap((l) => [l.median, l.p16, l.p84, l.sd, l.rhat, l.essBulk, l.essTail]),
            s.warnings.length,
          ].join(','),
        );
        json.push({
          id: ids[b],
          ...s,
          covariance: Array.from(s.covariance),
          correlation: Array.from(s.correlation),
          stats: run.stats[b],
        });
        for (const w of s.warnings) io.err(`astroemu-fit: ${ids[b]}: ${w}`);
      });
    }
    const header = [
      'id',
      ...free.flatMap((n) => ['median', 'p16', 'p84', 'sd', 'rhat', 'ess_bulk', 'ess_tail'].map((c) => `${n}_${c}`)),
      'warnings',
    ].join(',');
    await writeAtomic(`${o.out}.summary.csv`, `${header}\n${rows.join('\n')}\n`);
    await writeAtomic(`${o.out}.summary.json`, JSON.stringify(json, null, 1) + '\n');
    // one Arrow file: spectrum index = position in the input list order of the groups
    const all = runs.flatMap((r) => r.run.samples);
    const r0 = runs[0]!.run;
    if (all.length)
      await writeSamplesArrow(
        `${o.out}.draws.arrow`,
        { labels: r0.labels, chains: r0.chains, draws: r0.draws, samples: all },
        o.thin,
      );
    if (o.corner) {
      await mkdir(o.corner, { recursive: true });
      let k = 0;
      for (const { run } of runs) {
        for (let b = 0; b < run.samples.length; b++, k++) {
          const idx = run.free[b]!;
          const L = run.labels.length;
          const v = run.samples[b]!;
          const n = v.length / L;
          const samples = Float64Array.from(
            { length: n * idx.length },
            (_, i) => v[Math.floor(i / idx.length) * L + idx[i % idx.length]!]!,
          );
          await writePlot(
            join(o.corner, `corner-${k}`),
            cornerPlot({ labels: idx.map((l) => run.labels[l]!), samples }),
          );
        }
      }
    }
    io.out(
      `astroemu-fit: sampled ${rows.length} spectra (${o.sampler}); wrote ${o.out}.summary.csv, ${o.out}.summary.json, ${o.out}.draws.arrow`,
    );
  } finally {
    await inputs.close();
    emulator.dispose();
  }
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
