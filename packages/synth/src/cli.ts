// astroemu-synth: command-line front end (Node only).
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { assignmentsArg, intArg, numberArg } from '@astroemu/cli-args';
import cliProgress from 'cli-progress';
import { makeGrid, type GridKind } from './makeGrid';
import { writeSyntheticGrid } from './writeSyntheticGrid';
import { labelVector } from './labels';
import { synthesizerFor } from './synthesize';
import { spectrumSvg, svgToPng } from './cli/plotSpectrum';

interface GridOpts {
  R: number;
  lambdaMin: number;
  lambdaMax: number;
  lineListSeed: number;
}
interface StarOpts extends GridOpts {
  teff: number;
  logg: number;
  feh: number;
  he?: number;
  abund?: Record<string, number>;
  out: string;
}

function withGridOptions(cmd: Command): Command {
  return cmd
    .option('--R <R>', 'sampling resolving power', numberArg('--R'), 100_000)
    .option('--lambda-min <A>', 'first wavelength [Å]', numberArg('--lambda-min'), 4000)
    .option('--lambda-max <A>', 'last wavelength [Å]', numberArg('--lambda-max'), 5000)
    .option('--line-list-seed <seed>', 'seed of the generated line list', intArg('--line-list-seed', 0), 1);
}
function withStar(cmd: Command): Command {
  return withGridOptions(cmd)
    .option('--teff <K>', 'effective temperature', numberArg('--teff'), 5000)
    .option('--logg <dex>', 'surface gravity', numberArg('--logg', false), 4.5)
    .option('--feh <dex>', '[M/H]: every [X/H]', numberArg('--feh', false), 0)
    .option('--he <fraction>', 'helium number fraction (default solar)', numberArg('--he', false))
    .option('--abund <list>', 'per-element [X/H] overrides, e.g. Fe=-0.3,Mg=0.2', assignmentsArg('--abund'));
}
function starSpectrum(o: StarOpts) {
  const synth = synthesizerFor({
    R: o.R,
    lambdaMin: o.lambdaMin,
    lambdaMax: o.lambdaMax,
    lineListSeed: o.lineListSeed,
  });
  const labels = labelVector({ Teff: o.teff, logg: o.logg, metallicity: o.feh, He: o.he, abundances: o.abund });
  return { wavelength: synth.wavelength, flux: synth.synthesize(labels) };
}

const program = new Command('astroemu-synth').description(
  'Seeded synthetic stellar spectra and grids with ground truth (@astroemu/synth).',
);

withGridOptions(program.command('grid').description('write a grid of spectra to Parquet or Arrow IPC'))
  .requiredOption('--out <file>', 'output file (.parquet, .arrow)')
  .option('--kind <kind>', 'train | pretrain | validation', 'train')
  .option('--n <n>', 'number of spectra', intArg('--n'), 1000)
  .option('--seed <seed>', 'label seed', intArg('--seed', 0), 1)
  .option('--batch <size>', 'spectra per batch', intArg('--batch'), 256)
  .action(async (o: GridOpts & { out: string; kind: GridKind; n: number; seed: number; batch: number }) => {
    const grid = makeGrid({
      kind: o.kind,
      n: o.n,
      seed: o.seed,
      R: o.R,
      lambdaMin: o.lambdaMin,
      lambdaMax: o.lambdaMax,
      lineListSeed: o.lineListSeed,
    });
    const bar = new cliProgress.SingleBar(
      { format: 'spectra {bar} {value}/{total} | {percentage}% | ETA {eta}s', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(o.n, 0);
    const t0 = performance.now();
    const res = await writeSyntheticGrid(grid, o.out, { batchSize: o.batch, onProgress: (done) => bar.update(done) });
    bar.stop();
    const s = (performance.now() - t0) / 1000;
    console.log(`wrote ${res.numRows} spectra × ${grid.wavelength.length} pixels to ${res.path} in ${s.toFixed(1)} s`);
  });

withStar(program.command('spectrum').description('write one spectrum as CSV (wavelength,flux)'))
  .requiredOption('--out <file>', 'output CSV')
  .action(async (o: StarOpts) => {
    const { wavelength, flux } = starSpectrum(o);
    const lines = ['wavelength,flux'];
    for (let i = 0; i < flux.length; i++)
      lines.push(`${(wavelength[i] as number).toFixed(5)},${(flux[i] as number).toPrecision(7)}`);
    await writeFile(o.out, lines.join('\n') + '\n');
    console.log(`wrote ${flux.length} pixels to ${o.out}`);
  });

withStar(program.command('plot').description('plot one spectrum to PNG or SVG'))
  .requiredOption('--out <file>', 'output .png or .svg')
  .option('--from <A>', 'window start [Å]', numberArg('--from'))
  .option('--to <A>', 'window end [Å]', numberArg('--to'))
  .action(async (o: StarOpts & { from?: number; to?: number }) => {
    const { wavelength, flux } = starSpectrum(o);
    const title = `Teff ${o.teff} K, logg ${o.logg}, [M/H] ${o.feh}`;
    const svg = await spectrumSvg(wavelength, flux, { title, from: o.from, to: o.to });
    await writeFile(o.out, o.out.toLowerCase().endsWith('.svg') ? svg : await svgToPng(svg));
    console.log(`wrote ${o.out}`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
