import { access, writeFile } from 'node:fs/promises';
import { initBackend, type BackendName } from '@astroemu/backend';
import { fitSpectra, type FitOptions, type FitResult, type ObservedSpectrum } from '@astroemu/inference';
import type { AppIo } from './appIo';
import { ArgumentError } from './errors';
import { startFitPool, WorkerLostError } from './fitPool';
import { fitProgress } from './fitProgress';
import { readContinuumPixels } from './continuumPixels';
import { checkLabelNames, loadBundle } from './loadBundle';
import { normalizer } from './normalizeSpectrum';
import { readResults, resultsFormat, writeResults } from './resultsFile';
import { errorRow, resultColumns, resultRow, type ResultRow } from './resultsTable';
import { shardPositions, type Shard } from './shard';
import { manifestPath, shardResultsPath, type ShardManifest } from './shardFiles';
import { openSpectrumInputs } from './spectrumInputs';
import { writeSpectrumPlot } from './spectrumPlot';

export interface FitCommandOptions {
  emulator?: string;
  spectra?: string[];
  labels?: string[];
  fixed?: Record<string, number>;
  rv?: boolean;
  rvMin: number;
  rvMax: number;
  continuum?: number;
  segments?: [number, number][];
  normalize?: string;
  normalizeDegree: number;
  /** With --normalize apogee: .npz of the Cannon continuum pixels (`pixels_cannon`). */
  continuumPixels?: string;
  resolvingPower?: number;
  vsini?: number;
  scaleByReducedChi2?: boolean;
  optimizer: 'lm' | 'adam';
  snr: number;
  out?: string;
  shard: Shard;
  workers: number;
  batch: number;
  plots?: string;
  seed: number;
  /** LM: quasi-random initial label vectors tried besides the box centre; the best `starts` are fitted. */
  candidates: number;
  starts?: number;
  backend: BackendName;
}

/**
 * `astroemu-fit` (default command): fits labels (+ rv) of every spectrum of this shard in batches of
 * `--batch`, rewriting the shard's results file atomically after each batch, so that a rerun skips
 * the spectra already there. Spectra that cannot be read or fitted get a row with flags 'error'.
 */
export async function fitCommand(o: FitCommandOptions, io: AppIo): Promise<void> {
  if (!o.spectra?.length) throw new ArgumentError('--spectra', 'is required: FITS files and/or Parquet/Arrow grids');
  if (!o.out) throw new ArgumentError('--out', 'is required: results file (.parquet or .csv)');
  resultsFormat(o.out);
  if (!(Number.isInteger(o.workers) && o.workers >= 1))
    throw new ArgumentError('--workers', `must be an integer ≥ 1; got ${o.workers}`);
  if (!(o.rvMin < o.rvMax)) throw new ArgumentError('--rv-min', `must be below --rv-max; got ${o.rvMin} ≥ ${o.rvMax}`);
  const continuumPixels = await apogeeArguments(o);
  await initBackend({ backend: o.backend });
  const emulator = await loadBundle(o.emulator);
  try {
    const fitted = o.labels ?? emulator.labels.map((l) => l.name);
    checkLabelNames('--labels', fitted, emulator);
    checkLabelNames('--fixed', Object.keys(o.fixed ?? {}), emulator);
    for (const [name, value] of Object.entries(o.fixed ?? {})) {
      const { min, max, unit } = emulator.labels.find((l) => l.name === name)!;
      if (!(value >= min && value <= max))
        throw new ArgumentError(
          '--fixed',
          `${name}=${value} is outside the emulator's box [${min}, ${max}]${unit ? ` ${unit}` : ''}`,
        );
    }
    // chebyshev: the data only, here; apogee: data and model alike, inside the fit (options.apogeeContinuum)
    const normalize =
      o.normalize === undefined
        ? undefined
        : normalizer(o.normalize, { degree: o.normalizeDegree, ...(o.segments ? { segments: o.segments } : {}) });
    const columns = resultColumns(fitted, o.rv === true);
    const inputs = await openSpectrumInputs(o.spectra, {
      snr: o.snr,
      medium: emulator.wavelength.medium,
      warn: io.err,
    });
    try {
      const target = shardResultsPath(o.out, o.shard);
      const positions = shardPositions(inputs.ids.length, o.shard);
      const rows: ResultRow[] = [];
      if (await exists(target)) {
        const previous = await readResults(target);
        const names = previous.columns.map((c) => c.name).join(',');
        if (names !== columns.map((c) => c.name).join(',')) {
          throw new ArgumentError(
            '--out',
            `'${target}' holds other columns (${names}); use another --out or the same --labels`,
          );
        }
        rows.push(...previous.rows);
      }
      const finished = new Set(rows.map((r) => r.id));
      const todo = positions.filter((p) => !finished.has(inputs.ids[p]!));
      const shardName = o.shard.count === 1 ? 'all' : `${o.shard.index}/${o.shard.count}`;
      io.err(
        `astroemu-fit: shard ${shardName}: ${positions.length} spectra of ${inputs.ids.length}; skipping ${positions.length - todo.length} already in ${target}; fitting ${todo.length}`,
      );

      const options: FitOptions = {
        fit: fitted,
        ...(o.fixed ? { fixed: o.fixed } : {}),
        rv: o.rv ? { min: o.rvMin, max: o.rvMax, fit: true } : { min: o.rvMin, max: o.rvMax, fit: false, value: 0 },
        ...(o.continuum !== undefined
          ? { continuum: { degree: o.continuum, ...(o.segments ? { segments: o.segments } : {}) } }
          : o.segments
            ? { continuum: { degree: -1, segments: o.segments } }
            : {}),
        ...(continuumPixels ? { apogeeContinuum: { continuumPixels } } : {}),
        // the plots show the fit's own model and normalised data when the model is normalised too
        ...(continuumPixels && o.plots ? { modelFlux: true } : {}),
        ...(o.resolvingPower !== undefined ? { resolvingPower: o.resolvingPower } : {}),
        ...(o.vsini !== undefined ? { vsini: o.vsini } : {}),
        ...(o.scaleByReducedChi2 ? { scaleByReducedChi2: true } : {}),
        optimizer: o.optimizer,
        seed: o.seed,
        ...(o.optimizer === 'lm' ? { initialCandidates: o.candidates } : {}),
        ...(o.starts !== undefined ? { starts: o.starts } : {}),
      };
      // the plots' model repeats the fit's observation settings
      const plotOptions = {
        ...(o.segments ? { segments: o.segments } : {}),
        ...(o.resolvingPower !== undefined ? { resolvingPower: o.resolvingPower } : {}),
        ...(o.vsini !== undefined ? { vsini: o.vsini } : {}),
      };
      const bar = fitProgress(io, todo.length, 'fit');
      const save = async (complete: boolean) => {
        const sorted = [...rows].sort((a, b) => Number(a.index) - Number(b.index));
        await writeResults(target, { columns, rows: sorted });
        if (o.shard.count > 1) {
          const m: ShardManifest = {
            shard: shardName,
            totalInputs: inputs.ids.length,
            expected: positions.length,
            done: rows.length,
            complete,
          };
          await writeFile(manifestPath(target), JSON.stringify(m, null, 2) + '\n');
        }
      };
      // Batches of --batch spectra; with --workers N, batch b is fitted by worker b mod N (round-robin), each worker
      // with its own backend and copy of the emulator. Reading inputs and writing results stay in this thread, one at a
      // time; every finished batch rewrites the results file (rows in input order), as with one worker.
      const batches: number[][] = [];
      for (let at = 0; at < todo.length; at += o.batch) batches.push(todo.slice(at, at + o.batch));
      const lanes = Math.min(o.workers, batches.length);
      const pool =
        o.workers > 1 && lanes > 0
          ? await startFitPool(lanes, { bundleDir: o.emulator!, backend: o.backend, options }).catch((e: unknown) => {
              bar.stop();
              throw e;
            })
          : undefined;
      let serial: Promise<unknown> = Promise.resolve();
      const oneAtATime = <T>(f: () => Promise<T>): Promise<T> => {
        const next = serial.then(f);
        serial = next.catch(() => undefined);
        return next;
      };
      const runBatch = async (batch: number[], lane: number) => {
        const loaded = await oneAtATime(() => inputs.load(batch));
        if (normalize)
          loaded.forEach(
            (l, k) => l.ok && (loaded[k] = { ok: true, spectrum: normalize(l.spectrum) as typeof l.spectrum }),
          );
        const good = batch.map((_, k) => k).filter((k) => loaded[k]!.ok);
        let results: FitResult[] = [];
        let failure: string | undefined;
        try {
          const spectra = good.map((k) => (loaded[k] as { spectrum: ObservedSpectrum }).spectrum);
          if (spectra.length === 0) results = [];
          else if (pool) results = await pool.fit(lane, spectra, bar.phase);
          else results = fitSpectra(emulator, spectra, { ...options, onProgress: bar.phase });
        } catch (e) {
          if (e instanceof WorkerLostError) throw e;
          failure = `fit failed for this batch: ${(e as Error).message}`;
        }
        const batchRows: ResultRow[] = [];
        for (let k = 0; k < batch.length; k++) {
          const p = batch[k]!;
          const id = inputs.ids[p]!;
          const l = loaded[k]!;
          const j = good.indexOf(k);
          if (!l.ok) batchRows.push(errorRow(id, p, fitted, l.error, o.rv === true));
          else if (failure !== undefined) batchRows.push(errorRow(id, p, fitted, failure, o.rv === true));
          else {
            const r = results[j]!;
            batchRows.push(resultRow(id, p, fitted, r, o.rv === true));
            if (o.plots && !r.flags.includes('error'))
              await oneAtATime(() => writeSpectrumPlot(o.plots!, id, emulator, l.spectrum, r, plotOptions));
          }
        }
        await oneAtATime(async () => {
          rows.push(...batchRows);
          await save(false);
          bar.done(batch.length);
        });
      };
      try {
        await Promise.all(
          Array.from({ length: Math.max(lanes, 1) }, async (_, lane) => {
            for (let b = lane; b < batches.length; b += Math.max(lanes, 1)) await runBatch(batches[b]!, lane);
          }),
        );
      } finally {
        bar.stop();
        await pool?.terminate();
      }
      await save(true);
      const errors = rows.filter((r) => String(r.flags).split(';').includes('error')).length;
      io.out(`results: ${target} (${rows.length} spectra, ${errors} with errors)`);
    } finally {
      await inputs.close();
    }
  } finally {
    emulator.dispose();
  }
}

/** `--normalize apogee`'s arguments, checked: the continuum pixels it needs, and --continuum, which it excludes. */
async function apogeeArguments(o: FitCommandOptions): Promise<Uint8Array | undefined> {
  if (o.normalize !== 'apogee') {
    if (o.continuumPixels !== undefined)
      throw new ArgumentError('--continuum-pixels', 'applies to --normalize apogee only');
    return undefined;
  }
  if (o.continuumPixels === undefined)
    throw new ArgumentError(
      '--continuum-pixels',
      "is required with --normalize apogee: an .npz with the Cannon continuum pixels 'pixels_cannon' (e.g. cannon_cont_pixels_apogee.npz), one flag per pixel of the APOGEE grid",
    );
  if (o.continuum !== undefined)
    throw new ArgumentError(
      '--continuum',
      'cannot be combined with --normalize apogee (the APOGEE normalisation of data and model is the continuum model)',
    );
  return readContinuumPixels(o.continuumPixels);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
