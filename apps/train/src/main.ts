import { Command, Option } from 'commander';
import { cliExitCode } from '@astroemu/cli-args';
import { demoCommand } from './demoCommand';
import { ArgumentError, RunStopped } from './errors';
import { backendArg, intArg, listArg, numberArg } from './parseArgs';
import type { AppIo } from './progressBar';
import { scalingCommand } from './scalingCommand';
import { trainCommand } from './trainCommand';

const defaultIo: AppIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** Options shared by every command that builds a synthetic grid. */
function synthOptions(cmd: Command, range: [number, number] = [5000, 5100]): Command {
  return cmd
    .option('--R <n>', 'resolving power of synth: grids', numberArg('--R'), 20_000)
    .option('--lambda-min <A>', 'synth: grid start (Å)', numberArg('--lambda-min'), range[0])
    .option('--lambda-max <A>', 'synth: grid end (Å)', numberArg('--lambda-max'), range[1])
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').argParser(backendArg).default('wasm'))
    .option('--seed <n>', 'seed of data, initialisation and batches', intArg('--seed', 0), 0);
}

/**
 * The astroemu-train CLI. Returns the exit code (0 ok, 1 failure, 2 bad arguments, 130 stopped by `io.signal`); never calls process.exit,
 * so tests run it in-process.
 */
export async function main(argv: readonly string[], io: AppIo = defaultIo): Promise<number> {
  const program = new Command('astroemu-train')
    .description('Train astroemu spectrum emulators; write bundles, metrics.jsonl and a report with figures.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const line = `astroemu-train ${argv.join(' ')}`;

  synthOptions(
    program
      .command('train', { isDefault: true })
      .description('train one emulator (the default command)')
      .option('--model <name>', 'payne | bigpayne | conv | transformer-payne', 'transformer-payne')
      .option('--preset <name>', 'small | paper', 'small')
      .option(
        '--grid <path|synth:train>',
        'grid: .parquet/.arrow, a NumPy .npz or an HDF5 .h5/.hdf5 (labels, spectra, wavelength), a folder of FITS spectra (one model per file), or synth:train / synth:pretrain',
        'synth:train',
      )
      .option(
        '--label-keywords <list>',
        'FITS folder grids: labels from these header keywords',
        listArg('--label-keywords'),
      )
      .option('--labels-csv <file>', 'FITS folder grids: labels from a CSV (file,<label>,…)')
      .option('--hdf5-group <path>', "HDF5 grids: the group holding the datasets (default '/')")
      .option('--hdf5-labels <path>', "HDF5 grids: the labels (N, L) dataset (default 'labels')")
      .option('--hdf5-spectra <path>', "HDF5 grids: the spectra (N, M) dataset (default 'spectra', else 'flux')")
      .option('--hdf5-wavelength <path>', "HDF5 grids: the wavelength (M,) dataset (default 'wavelength')")
      .option(
        '--schedule <name>',
        'cosine (10 % warm-up + cosine) | wsd (warm-up, stable, decay over the last 20 %) | constant (warm-up then constant; use with --ema)',
        'cosine',
      )
      .option(
        '--ema <beta>',
        'validate and export an exponential moving average of the weights (e.g. 0.999)',
        numberArg('--ema'),
      )
      .option('--workers <n>', 'data-parallel threads per step (2: both cores)', intArg('--workers'), 1)
      .option(
        '--micro-batch <n>',
        'spectra per forward + backward pass (gradient accumulation)',
        intArg('--micro-batch'),
      )
      .option('--n-train <n>', 'training spectra (default: all of a file; 1000 for synth)', intArg('--n-train'))
      .option('--n-val <n>', 'validation spectra', intArg('--n-val'), 64)
      .option('--steps <n>', 'training steps', intArg('--steps'), 2000)
      .option('--batch <n>', 'spectra per step', intArg('--batch'), 16)
      .option('--out <dir>', 'output folder (default runs/<model>-<preset>)')
      .option('--resume', 'continue from the checkpoint in --out')
      .option('--fine-tune-from <bundle>', 'start from this bundle (new labels are appended to its input layer)')
      .option('--lora-rank <r>', 'train LoRA adapters of rank r only', intArg('--lora-rank'))
      .option(
        '--validate-every <n>',
        'validate (and checkpoint) every n steps (default steps/10)',
        intArg('--validate-every'),
      )
      .option('--lr <x>', 'peak learning rate (warm-up 10 %, cosine decay)', numberArg('--lr'), 1e-3)
      .option(
        '--wavelengths-per-step <k>',
        'TransformerPayne: grid pixels drawn per step (≥ the pixel count: all)',
        intArg('--wavelengths-per-step'),
        64,
      ),
  ).action(async (opts) => {
    await trainCommand(opts, io, line);
  });

  synthOptions(
    program
      .command('demo')
      .description(
        'offline end-to-end demo: synthetic grid → tiny TransformerPayne and small Payne → evaluation → label fits → runs/demo/report.md',
      )
      .option('--out <dir>', 'output folder', 'runs/demo')
      .option('--steps <n>', 'training steps per model', intArg('--steps'), 5600)
      .option('--workers <n>', 'data-parallel threads of the TransformerPayne run', intArg('--workers'), 2)
      .option('--n-train <n>', 'training spectra', intArg('--n-train'), 8000)
      .option('--n-val <n>', 'validation spectra', intArg('--n-val'), 64)
      .option('--n-fit <n>', 'held-out noisy spectra to fit (0: none)', intArg('--n-fit', 0), 4),
  ).action(async (opts) => {
    await demoCommand(opts, io, line);
  });

  const experiment = program.command('experiment').description('paper experiments at CPU scale');
  synthOptions(
    experiment
      .command('scaling')
      .description(
        'metrics vs training-set size per model, from scratch and fine-tuned from pre-training (paper Fig. 5)',
      )
      .option('--models <list>', 'comma-separated models', listArg('--models'), [
        'payne',
        'bigpayne',
        'conv',
        'transformer-payne',
      ])
      .option('--sizes <list>', 'comma-separated training-set sizes', listArg('--sizes', intArg('--sizes')), [
        '100',
        '300',
        '1000',
        '3000',
        '10000',
      ])
      .option('--steps <n>', 'steps per run (equal for every model)', intArg('--steps'), 800)
      .option(
        '--pretrain-steps <n>',
        'steps of the pre-training run per model (0: no fine-tuning variant)',
        intArg('--pretrain-steps', 0),
        1000,
      )
      .option('--pretrain-size <n>', 'pre-training spectra', intArg('--pretrain-size'), 3000)
      .option('--n-val <n>', 'validation spectra', intArg('--n-val'), 128)
      .option('--batch <n>', 'spectra per step', intArg('--batch'), 16)
      .option('--out <dir>', 'output folder', 'runs/scaling'),
  ).action(async (opts) => {
    await scalingCommand(opts, io, line);
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof RunStopped) {
      io.err(`astroemu-train: ${e.message}`);
      return 130;
    }
    return cliExitCode('astroemu-train', e, (line) => io.err(line));
  }
}
