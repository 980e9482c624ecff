import { access, stat } from 'node:fs/promises';
import {
  openGrid,
  readFitsFolderGrid,
  readHdf5Grid,
  readNpzGrid,
  splitIndices,
  type ReadHdf5GridOptions,
  type SpectralGrid,
} from '@astroemu/grid-io';
import type { LabelSpec } from '@astroemu/emulator-core';
import { LABEL_SPECS, makeGrid, type GridKind } from '@astroemu/synth';
import { inMemorySource, subsetSource, syntheticGridSource, type TrainingDataSource } from '@astroemu/training';
import { ArgumentError } from './errors';

/** Synthetic-grid settings of `synth:<kind>` grids (R and range are the demo's reduced ones by default). */
export interface SynthSettings {
  R: number;
  lambdaMin: number;
  lambdaMax: number;
  seed: number;
}

export interface TrainingData {
  train: TrainingDataSource;
  validation: TrainingDataSource;
  /** Bounds of every label column (the emulator's label scaling). */
  labelSpecs: LabelSpec[];
  wavelength: Float64Array;
  /** Human-readable origin for the report. */
  description: string;
}

/** Options of grids written by other codes: FITS folders' label sources, HDF5 dataset paths. */
export interface ForeignGridOptions {
  keywords?: string[];
  labelsCsv?: string;
  hdf5?: Pick<ReadHdf5GridOptions, 'group' | 'datasets'>;
}

/** Rows × pixels up to which a synthetic grid is generated once and held in memory. */
const MATERIALIZE_LIMIT = 50_000_000;

/**
 * `--grid synth:train|synth:pretrain` (a seeded synthetic grid; validation from synth's 'validation' stream,
 * or pretrain's own stream past the training rows) or a Parquet/Arrow grid file (validation split off with seed).
 */
export async function loadTrainingData(
  grid: string,
  nTrain: number | undefined,
  nVal: number,
  synth: SynthSettings,
  foreign: ForeignGridOptions = {},
): Promise<TrainingData> {
  if (grid.startsWith('synth:')) {
    const kind = grid.slice('synth:'.length) as GridKind;
    if (kind !== 'train' && kind !== 'pretrain') {
      throw new ArgumentError('--grid', `synthetic grids are 'synth:train' or 'synth:pretrain'; got '${grid}'`);
    }
    const n = nTrain ?? 1000;
    const opts = { R: synth.R, lambdaMin: synth.lambdaMin, lambdaMax: synth.lambdaMax };
    const train = makeGrid({ kind, n: n + (kind === 'pretrain' ? nVal : 0), seed: synth.seed, ...opts });
    const trainSource = materialize(syntheticGridSource(train), n);
    const validation =
      kind === 'pretrain'
        ? subsetSource(
            syntheticGridSource(train),
            Array.from({ length: nVal }, (_, i) => n + i),
          )
        : syntheticGridSource(makeGrid({ kind: 'validation', n: nVal, seed: synth.seed, ...opts }));
    // Pre-training fixes Teff and logg: they are not labels of a pre-trained emulator.
    const labelSpecs = train.labelSpecs.filter((s) => s.max > s.min).map((s) => ({ ...s }));
    return {
      train: await trainSource,
      validation: await materialize(validation, nVal),
      labelSpecs,
      wavelength: train.wavelength,
      description: `synthetic '${kind}' grid (@astroemu/synth, seed ${synth.seed}, R = ${synth.R}, ${synth.lambdaMin}–${synth.lambdaMax} Å, ${train.wavelength.length} pixels, ${labelSpecs.length} labels); ${n} training + ${nVal} validation spectra`,
    };
  }
  try {
    await access(grid);
  } catch {
    throw new ArgumentError(
      '--grid',
      `grid file '${grid}' does not exist (give a .parquet/.arrow grid or synth:train)`,
    );
  }
  if (/\.(npz|h5|hdf5)$/i.test(grid) || (await stat(grid)).isDirectory())
    return foreignGrid(grid, nTrain, nVal, synth.seed, foreign);
  const handle = await openGrid(grid);
  const { train, validation } = splitIndices(handle.numRows, {
    validationSize: Math.min(nVal, Math.floor(handle.numRows / 2)),
    seed: synth.seed,
  });
  const trainIdx = nTrain === undefined ? train : train.slice(0, nTrain);
  const labelSpecs = await fileLabelSpecs(handle, trainIdx);
  return {
    train: subsetSource(handle, trainIdx),
    validation: subsetSource(handle, validation),
    labelSpecs,
    wavelength: handle.wavelength,
    description: `grid file ${grid} (${handle.numRows} spectra, ${handle.wavelength.length} pixels); ${trainIdx.length} training + ${validation.length} validation spectra`,
  };
}

/** Label bounds of a grid file: its `meta.labelSpecs` when it has them (synth grids do), else min/max of the training rows. */
async function fileLabelSpecs(
  handle: Awaited<ReturnType<typeof openGrid>>,
  rows: ArrayLike<number>,
): Promise<LabelSpec[]> {
  const stored = handle.meta.labelSpecs as LabelSpec[] | undefined;
  if (Array.isArray(stored)) {
    const byName = new Map(stored.map((s) => [s.name, s]));
    if (handle.labelNames.every((n) => byName.has(n)))
      return handle.labelNames.map((n) => ({ ...byName.get(n)! })).filter((s) => s.max > s.min);
  }
  const L = handle.labelNames.length;
  const lo = new Float64Array(L).fill(Infinity);
  const hi = new Float64Array(L).fill(-Infinity);
  for (let start = 0; start < rows.length; start += 1024) {
    const idx = Array.from({ length: Math.min(1024, rows.length - start) }, (_, i) => rows[start + i]!);
    const { labels } = await handle.rows(idx);
    for (let i = 0; i < labels.length; i++) {
      lo[i % L] = Math.min(lo[i % L]!, labels[i]!);
      hi[i % L] = Math.max(hi[i % L]!, labels[i]!);
    }
  }
  const known = new Map(LABEL_SPECS.map((s) => [s.name, s.unit]));
  return handle.labelNames
    .map((name, k) => ({ name, ...(known.has(name) ? { unit: known.get(name)! } : {}), min: lo[k]!, max: hi[k]! }))
    .filter((s) => s.max > s.min);
}

/** A grid written by another code: a NumPy .npz (The Payne's layout), an HDF5 file or a folder of FITS spectra, held in memory. */
async function foreignGrid(
  path: string,
  nTrain: number | undefined,
  nVal: number,
  seed: number,
  foreign: ForeignGridOptions,
): Promise<TrainingData> {
  let g: SpectralGrid;
  if (/\.npz$/i.test(path)) g = await readNpzGrid(path);
  else if (/\.(h5|hdf5)$/i.test(path)) g = await readHdf5Grid(path, foreign.hdf5);
  else {
    if (!foreign.keywords && !foreign.labelsCsv)
      throw new ArgumentError('--grid', `'${path}' is a folder of FITS spectra: give --label-keywords or --labels-csv`);
    g = await readFitsFolderGrid(path, {
      ...(foreign.keywords ? { keywords: foreign.keywords } : { labelsCsv: foreign.labelsCsv! }),
    });
  }
  const N = g.flux.length / g.wavelength.length;
  const source = inMemorySource({ labelNames: g.labelNames, labels: g.labels, wavelength: g.wavelength, flux: g.flux });
  const { train, validation } = splitIndices(N, { validationSize: Math.min(nVal, Math.floor(N / 2)), seed });
  const trainIdx = nTrain === undefined ? train : train.slice(0, nTrain);
  const L = g.labelNames.length;
  const lo = new Float64Array(L).fill(Infinity);
  const hi = new Float64Array(L).fill(-Infinity);
  // the grid's own label domain (all rows): bounds of the training rows alone would put validation rows outside the
  // emulator's domain on small grids, and validation would stop with a DomainError
  for (let r = 0; r < N; r++)
    for (let k = 0; k < L; k++) {
      lo[k] = Math.min(lo[k]!, g.labels[r * L + k]!);
      hi[k] = Math.max(hi[k]!, g.labels[r * L + k]!);
    }
  const labelSpecs = g.labelNames.map((name, k) => ({ name, min: lo[k]!, max: hi[k]! })).filter((s) => s.max > s.min);
  return {
    train: subsetSource(source, trainIdx),
    validation: subsetSource(source, validation),
    labelSpecs,
    wavelength: g.wavelength,
    description: `grid ${path} (${N} spectra, ${g.wavelength.length} pixels, ${L} labels); ${trainIdx.length} training + ${validation.length} validation spectra`,
  };
}

/** Generates a small virtual grid once (synth is deterministic) so that every step reads memory. */
async function materialize(source: TrainingDataSource, n: number): Promise<TrainingDataSource> {
  if (n * source.wavelength.length > MATERIALIZE_LIMIT) return source;
  const rows = await source.rows(Array.from({ length: n }, (_, i) => i));
  return inMemorySource({
    labelNames: source.labelNames,
    labels: rows.labels,
    wavelength: source.wavelength,
    flux: rows.flux,
  });
}
