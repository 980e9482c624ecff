import { Command, Option } from 'commander';
import { cliExitCode } from '@astroemu/cli-args';
import { processIo, type AppIo } from './appIo';
import { crbCommand } from './crbCommand';
import { compositeFromFitCommand, registerCompositeCommand } from './compositeCommand';
import { ArgumentError } from './errors';
import { fitCommand } from './fitCommand';
import { mergeCommand } from './mergeCommand';
import { assignmentsArg, backendArg, intArg, listArg, numberArg, segmentsArg } from './parseArgs';
import { parseShard, WHOLE } from './shard';

const backendOption = () =>
  new Option('--backend <name>', 'TensorFlow.js backend').argParser(backendArg).default('wasm');

/**
 * The astroemu-fit CLI. Returns the exit code (0 ok, 1 failure, 2 bad arguments); never calls
 * process.exit, so tests run it in-process.
 */
export async function main(argv: readonly string[], io: AppIo = processIo): Promise<number> {
  const program = new Command('astroemu-fit')
    .description(
      'Fit stellar labels and radial velocities of observed spectra with an astroemu emulator; merge shards; Cramér–Rao screening.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('fit', { isDefault: true })
    .description(
      'fit labels (+ rv) of spectra; write one results row per spectrum (the default command). With --model: composite models (as `astroemu-fit composite`)',
    )
    .option('--emulator <dir>', 'emulator bundle folder')
    .option(
      '--spectra <files...>',
      'FITS spectra (.fits, .fits.gz; LAMOST, SDSS, APOGEE, ESO, generic) and/or Parquet/Arrow grids',
    )
    .option('--labels <list>', 'labels to fit (default: all); the others are fixed', listArg('--labels'))
    .option(
      '--fixed <Name=value,…>',
      'values of labels not fitted (default: the middle of their range)',
      assignmentsArg('--fixed'),
    )
    .option('--rv', 'fit the radial velocity (else fixed at 0)')
    .option('--rv-min <km/s>', 'rv search range, lower end', numberArg('--rv-min', false), -500)
    .option('--rv-max <km/s>', 'rv search range, upper end', numberArg('--rv-max', false), 500)
    .option(
      '--continuum <degree>',
      'fit a multiplicative continuum polynomial of this degree (per --segments segment)',
      intArg('--continuum', 0),
    )
    .option(
      '--segments <a:b,…>',
      'wavelength segments (Å): the fit uses only pixels inside them, with its own continuum polynomial (and --normalize fit) in each',
      segmentsArg('--segments'),
    )
    .option(
      '--normalize <name>',
      "continuum normalisation: chebyshev (the observed spectra before the fit, per segment, clipped) or apogee (the survey's: data AND model, with the observed σ; needs --continuum-pixels)",
    )
    .option(
      '--continuum-pixels <file.npz>',
      "with --normalize apogee: the Cannon continuum pixels ('pixels_cannon', one flag per pixel of the APOGEE grid, e.g. cannon_cont_pixels_apogee.npz); chips: APOGEE's three",
    )
    .option('--normalize-degree <n>', 'Chebyshev degree of --normalize chebyshev', intArg('--normalize-degree', 0), 3)
    .option(
      '--resolving-power <R>',
      "convolve the emulator's flux with a Gaussian LSF of resolving power R before comparing",
      numberArg('--resolving-power'),
    )
    .option(
      '--vsini <km/s>',
      "convolve the emulator's flux with rotational broadening at this v sin i",
      numberArg('--vsini'),
    )
    .option('--scale-by-reduced-chi2', 'multiply the uncertainties (and covariance) by sqrt(max(1, reduced χ²))')
    .addOption(
      new Option('--optimizer <name>', 'lm (Levenberg–Marquardt) or adam (the paper protocol)')
        .choices(['lm', 'adam'])
        .default('lm'),
    )
    .option('--snr <x>', 'S/N assumed per pixel where a file has no inverse variance', numberArg('--snr'), 100)
    .option('--out <file>', 'results table: .parquet or .csv')
    .option(
      '--shard <k/n>',
      'fit only shard k of n (round-robin over the input list); results go to <out>.shard-k-of-n.<ext>',
      parseShard,
      WHOLE,
    )
    .option(
      '--workers <n>',
      'worker threads fitting batches in parallel, each with its own backend and copy of the emulator',
      intArg('--workers'),
      1,
    )
    .option('--batch <n>', 'spectra fitted together (results are saved after each batch)', intArg('--batch'), 16)
    .option('--plots <dir>', 'write a PNG + SVG of data, model and residuals per spectrum')
    .option('--seed <n>', 'seed of the fit', intArg('--seed', 0), 0)
    .option(
      '--candidates <n>',
      'LM: quasi-random initial label vectors tried besides the box centre (one emulator row each)',
      intArg('--candidates', 0),
      24,
    )
    .option(
      '--starts <n>',
      'LM: best initial vectors fitted per spectrum; Adam: random starts (the paper: 10)',
      intArg('--starts'),
    )
    .option(
      '--model <names>',
      'composite fit instead (the `composite` subcommand, same code): comma-separated single | binary | sb1 | sb2 | FILE.json; takes --networks, --spectra (.npz), --group-by, --out (folder), --candidates, --starts, --backend',
    )
    .option('--networks <dir>', 'with --model: the binspec networks folder (see `astroemu-fit composite --help`)')
    .addOption(
      new Option(
        '--group-by <what>',
        "with --model: 'file' (all spectra of a file are visits of one star, fitted jointly) or 'spectrum' (default file)",
      ).choices(['file', 'spectrum']),
    )
    .addOption(backendOption())
    .action(async (opts, cmd: Command) => {
      if (opts.model !== undefined) await compositeFromFitCommand(opts, cmd, io);
      else {
        for (const [key, flag] of [
          ['networks', '--networks'],
          ['groupBy', '--group-by'],
        ] as const)
          if (opts[key] !== undefined)
            throw new ArgumentError(flag, 'applies to composite fits only: give --model too');
        await fitCommand(opts, io);
      }
    });

  program
    .command('merge')
    .description('join the shard results of --out (results.shard-k-of-n.*) into one table')
    .argument('[files...]', 'shard results files (default: every <out>.shard-k-of-n.* beside --out)')
    .option('--out <file>', 'merged results table: .parquet or .csv')
    .option('--allow-incomplete', 'merge even if shards are missing or unfinished')
    .action(async (files: string[], opts) => {
      await mergeCommand(files, opts, io);
    });

  program
    .command('crb')
    .description('Cramér–Rao screening: which labels the emulator constrains at a S/N')
    .option('--emulator <dir>', 'emulator bundle folder')
    .option('--snr <x>', 'S/N per pixel', numberArg('--snr'), 100)
    .option(
      '--threshold <x>',
      'largest acceptable median bound, label units (0.05 dex)',
      numberArg('--threshold'),
      0.05,
    )
    .option('--thresholds <Name=x,…>', 'per-label thresholds (e.g. Teff=50,logg=0.1)', assignmentsArg('--thresholds'))
    .option('--always-select <list>', 'labels selected whatever their bound', listArg('--always-select'))
    .option('--variant <name>', 'marginal (all labels free) or conditional', 'marginal')
    .option(
      '--labels-at <grid|synth:validation>',
      'label vectors to screen at: a grid file, synth:validation, or (default) uniform draws in the box',
    )
    .option('--n <n>', 'label vectors (median over them)', intArg('--n'), 100)
    .option('--seed <n>', 'seed of the label vectors', intArg('--seed', 0), 0)
    .option('--format <name>', 'markdown or csv', 'markdown')
    .option('--plot <path>', 'write the bar plot of bounds vs threshold (PATH.png and PATH.svg)')
    .option(
      '--wavelength <min:max:step>',
      'pixels (Å) for wavelength-conditioned emulators (TransformerPayne); grid emulators use their own',
    )
    .addOption(backendOption())
    .action(async (opts) => {
      await crbCommand(opts, io);
    });

  registerCompositeCommand(program, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    return cliExitCode('astroemu-fit', e, (line) => io.err(line));
  }
}
