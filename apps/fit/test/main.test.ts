import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppIo } from '../src/appIo';
import { main } from '../src/main';
import { readResults } from '../src/resultsFile';
import type { ResultRow } from '../src/resultsTable';
import { LABELS, makeFixtures, type Truth } from './fixtures';

function captureIo(): AppIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: false };
}

let root: string;
let fx: Awaited<ReturnType<typeof makeFixtures>>;
let inputs: string[];
const FIT = ['--labels', 'Teff,logg,Fe', '--rv', '--rv-min', '-100', '--rv-max', '100', '--backend', 'cpu'];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fit-app-'));
  fx = await makeFixtures(root);
  inputs = [...fx.fits, fx.bad[0]!, fx.grid, fx.bad[1]!];
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Every good row's labels and rv within 3σ of the truth (σ from the fit, floored at 1e-6 of the range), χ² finite. */
function checkAgainstTruth(rows: ResultRow[], truths: Truth[]): void {
  for (const t of truths) {
    const r = rows.find((x) => x.id === t.id);
    expect(r, t.id).toBeDefined();
    expect(r!.flags, `${t.id}: ${r!.error}`).not.toMatch(/error/);
    expect(Number.isFinite(r!.chi2)).toBe(true);
    expect(r!.reduced_chi2 as number).toBeLessThan(2);
    LABELS.forEach((l, i) => {
      const sigma = Math.max(r![`${l.name}_err`] as number, 1e-6 * (l.max - l.min));
      expect(
        Math.abs((r![l.name] as number) - t.labels[i]!),
        `${t.id} ${l.name}: ${r![l.name]} ± ${sigma} vs ${t.labels[i]}`,
      ).toBeLessThan(3 * sigma);
    });
    expect(Math.abs((r!.rv as number) - t.rv), `${t.id} rv ${r!.rv} ± ${r!.rv_err} vs ${t.rv}`).toBeLessThan(
      3 * (r!.rv_err as number),
    );
  }
}

describe('astroemu-fit (fit command)', () => {
  it('fits FITS files (image, gzip, table) and grid rows; bad spectra get error rows; plots on request', async () => {
    const io = captureIo();
    const out = join(root, 'all.csv');
    const code = await main(
      [
        '--emulator',
        fx.bundle,
        '--spectra',
        ...inputs,
        ...FIT,
        '--out',
        out,
        '--batch',
        '4',
        '--plots',
        join(root, 'plots'),
      ],
      io,
    );
    expect(io.stderr.join('\n')).not.toMatch(/Error|at .*\.ts/);
    expect(code).toBe(0);
    const { rows, columns } = await readResults(out);
    expect(columns.map((c) => c.name)).toEqual([
      'id',
      'index',
      'Teff',
      'Teff_err',
      'logg',
      'logg_err',
      'Fe',
      'Fe_err',
      'rv',
      'rv_err',
      'chi2',
      'reduced_chi2',
      'pixels_used',
      'pixels_lost',
      'evaluations',
      'iterations',
      'flags',
      'notes',
      'error',
      'corr_Teff_logg',
      'corr_Teff_Fe',
      'corr_Teff_rv',
      'corr_logg_Fe',
      'corr_logg_rv',
      'corr_Fe_rv',
    ]);
    expect(rows.map((r) => r.id)).toEqual([
      ...fx.fits,
      fx.bad[0],
      'obs.parquet#0',
      'obs.parquet#1',
      'obs.parquet#2',
      fx.bad[1],
    ]);
    checkAgainstTruth(rows, fx.truths);
    for (const bad of fx.bad) {
      const r = rows.find((x) => x.id === bad)!;
      expect(r.flags).toBe('error');
      expect(r.error).toMatch(/usable pixels/);
      expect(Number.isNaN(r.Teff)).toBe(true);
    }
    expect(io.stdout.at(-1)).toBe(`results: ${out} (9 spectra, 2 with errors)`);
    await access(join(root, 'plots', `${fx.fits[0]!.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '')}.png`));
    await expect(
      access(join(root, 'plots', `${fx.bad[0]!.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '')}.png`)),
    ).rejects.toThrow();
  });

  it('shards 0/2 and 1/2 merged give the rows of one run; a rerun skips finished spectra', async () => {
    const whole = join(root, 'whole.parquet');
    const sharded = join(root, 'sharded.parquet');
    expect(await main(['--emulator', fx.bundle, '--spectra', ...inputs, ...FIT, '--out', whole], captureIo())).toBe(0);
    // Merging before every shard ran is refused, naming the missing shard.
    const io0 = captureIo();
    expect(
      await main(['--emulator', fx.bundle, '--spectra', ...inputs, ...FIT, '--out', sharded, '--shard', '0/2'], io0),
    ).toBe(0);
    expect(io0.stderr.join('\n')).toMatch(
      /shard 0\/2: 5 spectra of 9; skipping 0 already in .*sharded\.shard-0-of-2\.parquet; fitting 5/,
    );
    const early = captureIo();
    expect(await main(['merge', '--out', sharded], early)).toBe(2);
    expect(early.stderr.join('\n')).toMatch(/shards 1\/2 missing/);
    expect(
      await main(
        ['--emulator', fx.bundle, '--spectra', ...inputs, ...FIT, '--out', sharded, '--shard', '1/2'],
        captureIo(),
      ),
    ).toBe(0);
    const again = captureIo();
    expect(
      await main(['--emulator', fx.bundle, '--spectra', ...inputs, ...FIT, '--out', sharded, '--shard', '1/2'], again),
    ).toBe(0);
    expect(again.stderr.join('\n')).toMatch(/shard 1\/2: 4 spectra of 9; skipping 4 already in .*; fitting 0/);
    const mio = captureIo();
    expect(await main(['merge', '--out', sharded], mio)).toBe(0);
    expect(mio.stdout.at(-1)).toBe(`merged 2 shards: ${sharded} (9 spectra)`);
    const a = (await readResults(whole)).rows;
    const b = (await readResults(sharded)).rows;
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    a.forEach((ra, i) => {
      for (const [k, v] of Object.entries(ra)) {
        // rows at the same labels are shared by the spectra of a batch (the box centre, the 24 default --candidates and
        // the 3 labels' finite differences at the centre): a shard's smaller batches charge each a larger share of them
        if (k === 'evaluations')
          expect(Math.abs((b[i]![k] as number) - (v as number)), `${ra.id} ${k}`).toBeLessThanOrEqual(1 + 24 + 3);
        else if (typeof v === 'number' && Number.isFinite(v)) expect(b[i]![k], `${ra.id} ${k}`).toBeCloseTo(v, 3);
        else expect(b[i]![k], `${ra.id} ${k}`).toEqual(v);
      }
    });
    checkAgainstTruth(b, fx.truths);
  });

  it('rejects bad arguments with exit code 2, naming the argument', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['--emulator', fx.bundle, '--spectra', fx.fits[0]!, '--labels', 'Teff,Mg', '--out', join(root, 'x.csv')],
        /Argument '--labels': names unknown label 'Mg'; the emulator's labels are Teff, logg, Fe/,
      ],
      [
        ['--emulator', fx.bundle, '--spectra', fx.fits[0]!, '--shard', '2/2', '--out', join(root, 'x.csv')],
        /Argument '--shard': must be k\/n/,
      ],
      [
        ['--emulator', fx.bundle, '--spectra', fx.fits[0]!, '--out', join(root, 'x.txt')],
        /Argument '--out': results file must end in \.csv or \.parquet/,
      ],
      [
        ['--emulator', join(root, 'nope'), '--spectra', fx.fits[0]!, '--out', join(root, 'x.csv')],
        /Argument '--emulator': cannot load bundle/,
      ],
    ];
    for (const [args, message] of cases) {
      const io = captureIo();
      expect(await main(args, io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(message);
    }
  });
});

describe('astroemu-fit crb', () => {
  it('prints the screening table with every label and marks the selected ones; writes the plot', async () => {
    const io = captureIo();
    const plot = join(root, 'crb', 'screening');
    const code = await main(
      [
        'crb',
        '--emulator',
        fx.bundle,
        '--snr',
        '100',
        '--threshold',
        '0.05',
        '--always-select',
        'Teff',
        '--labels-at',
        fx.grid,
        '--plot',
        plot,
        '--backend',
        'cpu',
      ],
      io,
    );
    expect(io.stderr.join('\n')).not.toMatch(/Error/);
    expect(code).toBe(0);
    const text = io.stdout.join('\n');
    const selected = /selected \((\d+) of 3\): (.*)$/m.exec(text);
    expect(selected).not.toBeNull();
    const names = selected![2]!.split(', ');
    expect(names).toContain('Teff');
    for (const l of LABELS) {
      const row = new RegExp(`^\\| ${l.name} \\|.*\\| (yes|no) \\|$`, 'm').exec(text);
      expect(row, l.name).not.toBeNull();
      expect(row![1]).toBe(names.includes(l.name) ? 'yes' : 'no');
    }
    expect(text).toMatch(/median over the first 3 label vectors of/);
    await access(`${plot}.png`);
    expect((await readFile(`${plot}.svg`, 'utf8')).length).toBeGreaterThan(100);

    const csv = captureIo();
    expect(
      await main(
        [
          'crb',
          '--emulator',
          fx.bundle,
          '--labels-at',
          'synth:validation',
          '--n',
          '4',
          '--format',
          'csv',
          '--backend',
          'cpu',
        ],
        csv,
      ),
    ).toBe(0);
    expect(
      csv.stdout
        .join('\n')
        .split('\n')
        .map((l) => l.split(',')[0]),
    ).toEqual(['label', 'Teff', 'logg', 'Fe']);
  });
});
