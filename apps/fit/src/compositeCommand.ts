import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Option, type Command } from 'commander';
import { initBackend, type BackendName } from '@astroemu/backend';
import { encodeNpz, type NpyArray } from '@astroemu/grid-io';
import { loadBinspecNetworks } from '@astroemu/payne';
import {
  BINSPEC_MODELS,
  binspecSeed,
  CompositeModel,
  compareFits,
  fitComposite,
  type CompositeFitResult,
  type CompositeModelSpec,
} from '@astroemu/inference';
import type { AppIo } from './appIo';
import { ArgumentError } from './errors';
import { backendArg, intArg } from './parseArgs';
import { readNpzArgument } from './readNpzArgument';

/** Options of {@link compositeCommand} (the `composite` subcommand's, parsed). */
export interface CompositeOpts {
  model: string;
  networks?: string;
  spectra?: string[];
  groupBy: 'file' | 'spectrum';
  out?: string;
  candidates?: number;
  starts?: number;
  /** binspec's protocol: the binary seeded by this run's single fit, the SB2 by its SB1 fit (binspecSeed). */
  seed?: boolean;
  backend: BackendName;
}

/** One spectrum read from a The_Payne / binspec .npz: `spectrum`/`spec_err` (one) or `spectra`/`spec_errs` (rows). */
interface Observed {
  id: string;
  file: string;
  flux: Float64Array;
  sigma: Float64Array;
}

/** Registers `astroemu-fit composite` (binspec single / binary / SB1 / SB2 or a declared model, joint multi-exposure fits). */
export function registerCompositeCommand(program: Command, io: AppIo): void {
  program
    .command('composite')
    .description(
      'fit composite models (binspec single, binary, sb1, sb2, or a model declared in a JSON file) to APOGEE spectra; several models → χ² and differences',
    )
    .option(
      '--model <names>',
      'comma-separated: single | binary | sb1 | sb2 | FILE.json (a CompositeModelSpec)',
      'single,binary',
    )
    .option(
      '--networks <dir>',
      'binspec networks: NN_normalized_spectra.npz, NN_unnormalized_spectra.npz, NN_radius.npz, NN_Teff2_logg2.npz, apogee_wavelength.npz, cannon_cont_pixels_apogee.npz',
    )
    .option(
      '--spectra <files...>',
      '.npz with spectrum/spec_err (one spectrum) or spectra/spec_errs (rows: visits), on the 7214-pixel APOGEE grid, continuum-normalised',
    )
    .addOption(
      new Option(
        '--group-by <what>',
        "'file': all spectra of a file are exposures of one star, fitted jointly; 'spectrum': each alone",
      )
        .choices(['file', 'spectrum'])
        .default('file'),
    )
    .option(
      '--out <dir>',
      'writes results.json (labels, σ, full covariance and correlations, χ², flags per star and model) and <star>.<model>.npz (data, σ, best-fit model flux per spectrum)',
    )
    .option(
      '--candidates <n>',
      'quasi-random candidates scored before LM (default 16 per parameter)',
      intArg('--candidates'),
    )
    .option('--starts <n>', 'LM starts from the best distinct candidates (default 4)', intArg('--starts'))
    .option(
      '--seed',
      "binspec's protocol: seed binary from the single fit and sb2 from the sb1 fit of the same --model list (their labels and RVs held while the secondary is searched; faster, explores less)",
    )
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').argParser(backendArg).default('wasm'))
    .action(async (opts: CompositeOpts) => {
      await compositeCommand(opts, io);
    });
}

/** --seed: which model's fit seeds which (binspecSeed). */
const SEEDED_BY: Readonly<Record<string, string>> = { binary: 'single', sb2: 'sb1' };

/** Options of the default fit command that a composite fit also takes (the rest are refused with --model). */
const SHARED = new Set(['model', 'networks', 'groupBy', 'spectra', 'out', 'candidates', 'starts', 'backend']);

/**
 * `astroemu-fit --model …` (the default command): the composite fit, exactly as the `composite` subcommand runs it.
 * Options of the batched fitter given on the command line (--emulator, --labels, --rv, …) are argument errors; the
 * fit command's own defaults (--candidates 24) give way to the composite fitter's.
 */
export async function compositeFromFitCommand(opts: Record<string, unknown>, cmd: Command, io: AppIo): Promise<void> {
  for (const option of cmd.options) {
    const key = option.attributeName();
    if (SHARED.has(key) || cmd.getOptionValueSource(key) !== 'cli') continue;
    throw new ArgumentError(
      option.long ?? key,
      'does not apply to composite fits (--model), which take --networks, --spectra, --group-by, --out, --candidates, --starts and --backend',
    );
  }
  const given = (key: string) => cmd.getOptionValueSource(key) === 'cli';
  await compositeCommand(
    {
      model: opts.model as string,
      ...(opts.networks !== undefined && { networks: opts.networks as string }),
      ...(opts.spectra !== undefined && { spectra: opts.spectra as string[] }),
      groupBy: (opts.groupBy as CompositeOpts['groupBy'] | undefined) ?? 'file',
      ...(opts.out !== undefined && { out: opts.out as string }),
      ...(given('candidates') && { candidates: opts.candidates as number }),
      ...(given('starts') && { starts: opts.starts as number }),
      backend: opts.backend as BackendName,
    },
    io,
  );
}

export async function compositeCommand(o: CompositeOpts, io: AppIo): Promise<void> {
  if (!o.networks)
    throw new ArgumentError('--networks', 'is required: the folder of the binspec networks (see --help)');
  if (!o.spectra?.length) throw new ArgumentError('--spectra', 'is required: one or more .npz files');
  const specs = await Promise.all(o.model.split(',').map((m) => modelSpec(m.trim())));
  if (o.seed) {
    const seeded = specs.filter((sp, i) => specs.slice(0, i).some((p) => p.name === SEEDED_BY[sp.name]));
    if (seeded.length === 0)
      throw new ArgumentError(
        '--seed',
        `needs a model and its seed earlier in --model (single,binary or sb1,sb2); got '${o.model}'`,
      );
  }
  const spectra = (await Promise.all(o.spectra.map(readObserved))).flat();
  await initBackend({ backend: o.backend });
  const d = o.networks.replace(/\/$/, '');
  let nets: Awaited<ReturnType<typeof loadBinspecNetworks>>;
  let mask: ArrayLike<number>;
  try {
    nets = await loadBinspecNetworks(d, `${d}/apogee_wavelength.npz`);
    mask = (await readNpzArgument(`${d}/cannon_cont_pixels_apogee.npz`, '--networks')).pixels_cannon!
      .data as Uint8Array;
  } catch (e) {
    if (e instanceof ArgumentError) throw e;
    throw new ArgumentError('--networks', `cannot load the binspec networks from '${d}': ${(e as Error).message}`);
  }
  const wave = nets.normalized.wavelength.fixed!;
  for (const s of spectra) {
    if (s.flux.length !== wave.length)
      throw new ArgumentError(
        '--spectra',
        `${s.file}: ${s.id} has ${s.flux.length} pixels; the networks' grid has ${wave.length}`,
      );
  }
  const groups = new Map<string, Observed[]>();
  for (const s of spectra) {
    const key = o.groupBy === 'file' ? s.file : s.id;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const results: Record<string, unknown>[] = [];
  if (o.out) await mkdir(o.out, { recursive: true });
  for (const [star, members] of groups) {
    const fits: CompositeFitResult[] = [];
    for (const spec of specs) {
      const model = new CompositeModel(
        spec,
        members.map((m) => ({ wavelength: wave, sigma: m.sigma })),
        {
          emulators: { normalized: nets.normalized, unnormalized: nets.unnormalized },
          regressors: { radius: nets.radius, teff2logg2: nets.teff2Logg2 },
          continuumPixels: mask,
        },
      );
      const from = o.seed ? fits.find((f) => f.model === SEEDED_BY[spec.name]) : undefined;
      const fit = fitComposite(
        model,
        { flux: members.map((m) => m.flux), sigma: members.map((m) => m.sigma) },
        {
          ...(o.candidates !== undefined && { candidates: o.candidates }),
          ...(o.starts !== undefined && { starts: o.starts }),
          ...(from && { hold: binspecSeed(from) }),
        },
      );
      fits.push(fit);
      if (o.out) {
        const E = members.length;
        const P = wave.length;
        const stack = (rows: ArrayLike<number>[]) => ({
          data: Float64Array.from({ length: E * P }, (_, k) => Number(rows[Math.floor(k / P)]![k % P])),
          shape: [E, P],
        });
        await atomicWrite(
          join(o.out, `${safe(star)}.${safe(spec.name)}.npz`),
          encodeNpz({
            wavelength: { data: wave, shape: [P] },
            flux: stack(members.map((m) => m.flux)),
            sigma: stack(members.map((m) => m.sigma)),
            model_flux: stack(fit.modelFlux),
          }),
        );
      }
    }
    const table = compareFits(fits);
    io.out(`${star} (${members.length} spectr${members.length === 1 ? 'um' : 'a'})`);
    io.out('| model | χ² | Δχ² | parameters | BIC | flags | ' + 'best fit |');
    io.out('|---|---:|---:|---:|---:|---|---|');
    fits.forEach((f, i) => {
      const t = table[i]!;
      const best = f.names.map((n, j) => `${n}=${fmt(f.theta[j]!)}±${fmt(f.sigma[j]!)}`).join(' ');
      io.out(
        `| ${f.model} | ${t.chi2.toFixed(1)} | ${t.deltaChi2.toFixed(1)} | ${t.parameters} | ${t.bic.toFixed(1)} | ${f.flags.join(',') || '-'} | ${best} |`,
      );
      const n = f.names.length;
      const corr = Array.from(
        { length: n * n },
        (_, k) => f.covariance[k]! / (f.sigma[Math.floor(k / n)]! * f.sigma[k % n]!),
      );
      results.push({
        star,
        spectra: members.map((m) => m.id),
        model: f.model,
        names: f.names,
        theta: Array.from(f.theta),
        sigma: Array.from(f.sigma, nullIfNaN),
        covariance: Array.from(f.covariance, nullIfNaN),
        correlation: corr.map(nullIfNaN),
        chi2: f.chi2,
        dof: f.dof,
        deltaChi2: t.deltaChi2,
        bic: t.bic,
        flags: f.flags,
        reason: f.reason,
        startChi2: f.startChi2,
      });
    });
  }
  if (o.out) await atomicWrite(join(o.out, 'results.json'), JSON.stringify(results, null, 1));
}

async function modelSpec(name: string): Promise<CompositeModelSpec> {
  if (name in BINSPEC_MODELS) return BINSPEC_MODELS[name as keyof typeof BINSPEC_MODELS];
  if (!name.endsWith('.json'))
    throw new ArgumentError('--model', `must be single, binary, sb1, sb2 or a FILE.json; got '${name}'`);
  let text: string;
  try {
    text = await readFile(name, 'utf8');
  } catch (e) {
    throw new ArgumentError('--model', `cannot read '${name}': ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as CompositeModelSpec;
  } catch (e) {
    throw new ArgumentError('--model', `'${name}' is not valid JSON: ${(e as Error).message}`);
  }
}

async function readObserved(file: string): Promise<Observed[]> {
  const a = await readNpzArgument(file, '--spectra');
  const f64 = (x: NpyArray) => Float64Array.from(x.data as ArrayLike<number>);
  const stem = basename(file).replace(/\.npz$/, '');
  if (a.spectrum && a.spec_err) return [{ id: stem, file, flux: f64(a.spectrum), sigma: f64(a.spec_err) }];
  if (a.spectra && a.spec_errs) {
    const [R, P] = a.spectra.shape as [number, number];
    if (a.spec_errs.shape.join() !== a.spectra.shape.join())
      throw new ArgumentError(
        '--spectra',
        `${file}: spec_errs has shape (${a.spec_errs.shape}) but spectra has (${a.spectra.shape})`,
      );
    const fl = f64(a.spectra);
    const sg = f64(a.spec_errs);
    return Array.from({ length: R }, (_, r) => ({
      id: `${stem}[${r}]`,
      file,
      flux: fl.slice(r * P, (r + 1) * P),
      sigma: sg.slice(r * P, (r + 1) * P),
    }));
  }
  throw new ArgumentError(
    '--spectra',
    `${file}: expected arrays spectrum + spec_err, or spectra + spec_errs; has ${Object.keys(a).join(', ')}`,
  );
}

async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

const safe = (s: string) =>
  basename(s)
    .replace(/\.npz$/, '')
    .replace(/[^A-Za-z0-9_+.\-[\]]/g, '_');
const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4)) : 'nan');
const nullIfNaN = (x: number) => (Number.isFinite(x) ? x : null);
