import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmulator } from '@astroemu/emulator-core';
import { makeGrid, writeSyntheticGrid } from '@astroemu/synth';
import { registerBuiltInKinds } from '@astroemu/emulators';
import { main } from '../src/main';
import { captureIo } from './captureIo';
import { pngInfo } from './pngInfo';

// A tiny synthetic grid: R = 5000 over 5000–5020 Å (20 pixels), a handful of spectra, a few steps.
const TINY = ['--R', '5000', '--lambda-min', '5000', '--lambda-max', '5020'];

let root: string;
beforeAll(async () => {
  registerBuiltInKinds(); // the kinds loadEmulator reads below
  root = await mkdtemp(join(tmpdir(), 'train-app-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function checkReport(dir: string): Promise<string[]> {
  const report = await readFile(join(dir, 'report.md'), 'utf8');
  const links = [...report.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((m) => m[1]!);
  for (const link of links) {
    const info = pngInfo(new Uint8Array(await readFile(join(dir, link))));
    expect(info.signatureOk, link).toBe(true);
    expect(info.width, link).toBeGreaterThan(100);
    expect(info.height, link).toBeGreaterThan(100);
    expect(info.distinctBytes, `${link} is blank`).toBeGreaterThan(10);
    expect((await stat(join(dir, link.replace(/\.png$/, '.svg')))).size).toBeGreaterThan(0);
  }
  return links;
}

describe('astroemu-train (train command)', () => {
  it('trains a tiny TransformerPayne and writes bundles, metrics.jsonl and a report with valid PNGs', async () => {
    const out = join(root, 'tp');
    const io = captureIo();
    const args = [
      '--model',
      'transformer-payne',
      '--preset',
      'small',
      '--grid',
      'synth:train',
      '--n-train',
      '12',
      '--n-val',
      '6',
      '--steps',
      '6',
      '--batch',
      '4',
    ];
    const code = await main(
      [...args, '--validate-every', '3', '--wavelengths-per-step', '16', '--out', out, ...TINY],
      io,
    );
    expect(io.stderr.join('\n')).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(io.stdout.at(-1)).toBe(`report: ${join(out, 'report.md')}`);

    const lines = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2); // steps 3 and 6
    for (const line of lines)
      expect(Object.keys(JSON.parse(line))).toEqual(expect.arrayContaining(['step', 'mse', 'mae', 'maqe95']));
    expect(lines.map((l) => JSON.parse(l).step)).toEqual([3, 6]);

    const emulator = await loadEmulator(join(out, 'best-mae'));
    expect(emulator.kind).toBe('transformer-payne');
    expect(emulator.labels).toHaveLength(100);
    const labels = tf.tensor2d([emulator.labels.map((l) => (l.min + l.max) / 2)]);
    const wavelength = Float64Array.from([5001, 5005.5, 5010]);
    const flux = emulator.predict(labels, wavelength);
    expect(flux.shape).toEqual([1, 3]);
    expect(Array.from(await flux.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([labels, flux]);
    emulator.dispose();

    const links = await checkReport(out);
    expect(links).toEqual(
      expect.arrayContaining([
        'plots/loss-transformer-payne.png',
        'plots/residual-bands-transformer-payne.png',
        'plots/residual-histogram.png',
        'plots/spectrum-zoom.png',
        'plots/attention-transformer-payne.png',
      ]),
    );
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/\| transformer-payne \| [\d,]+ \| 6 \|/);

    // --resume with the same settings continues from the checkpoint (already complete: no new step).
    const again = captureIo();
    expect(
      await main(
        [...args, '--validate-every', '3', '--wavelengths-per-step', '16', '--out', out, '--resume', ...TINY],
        again,
      ),
    ).toBe(0);
    expect(again.stderr.join('\n')).toMatch(/resumed at step 6/);
    expect((await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('pre-trains a Payne without Teff/logg, fine-tunes it with those labels appended, then LoRA', async () => {
    const pre = join(root, 'pre');
    const common = ['--model', 'payne', '--n-train', '16', '--n-val', '4', '--steps', '4', '--batch', '4', ...TINY];
    expect(await main(['--grid', 'synth:pretrain', '--out', pre, ...common], captureIo())).toBe(0);
    expect((await loadEmulator(join(pre, 'best-mae'))).labels.map((l) => l.name)).not.toContain('Teff');

    const ft = join(root, 'ft');
    const io = captureIo();
    expect(
      await main(['--grid', 'synth:train', '--fine-tune-from', join(pre, 'best-mae'), '--out', ft, ...common], io),
    ).toBe(0);
    const tuned = await loadEmulator(join(ft, 'best-mae'));
    expect(tuned.labels.slice(-2).map((l) => l.name)).toEqual(['Teff', 'logg']);
    expect(tuned.labels).toHaveLength(100);
    expect(await readFile(join(ft, 'report.md'), 'utf8')).toMatch(/input layer extended by Teff, logg/);

    const lora = join(root, 'lora');
    expect(
      await main(
        [
          '--grid',
          'synth:train',
          '--fine-tune-from',
          join(ft, 'best-mae'),
          '--lora-rank',
          '2',
          '--out',
          lora,
          ...common,
        ],
        captureIo(),
      ),
    ).toBe(0);
    const merged = await loadEmulator(join(lora, 'best-mae'));
    expect(merged.labels).toHaveLength(100);
    expect(await readFile(join(lora, 'report.md'), 'utf8')).toMatch(/LoRA rank 2/);
    [tuned, merged].forEach((e) => e.dispose());
  });

  it('trains on a Parquet grid file, splitting off the validation spectra', async () => {
    const file = join(root, 'tiny.parquet');
    await writeSyntheticGrid(
      makeGrid({ kind: 'train', n: 20, seed: 3, R: 5000, lambdaMin: 5000, lambdaMax: 5020 }),
      file,
    );
    const out = join(root, 'file');
    const io = captureIo();
    expect(
      await main(
        ['--model', 'payne', '--grid', file, '--n-val', '5', '--steps', '3', '--batch', '4', '--out', out],
        io,
      ),
    ).toBe(0);
    expect(io.stderr.join('\n')).toMatch(
      /grid file .*tiny\.parquet \(20 spectra, 20 pixels\); 15 training \+ 5 validation spectra/,
    );
    const emulator = await loadEmulator(join(out, 'best-mae'));
    expect(emulator.labels.find((l) => l.name === 'Teff')).toMatchObject({ min: 4000, max: 6000 });
    emulator.dispose();
  });

  it('stops on the signal with a checkpoint (exit 130), and --resume finishes the run', async () => {
    const out = join(root, 'stop');
    const args = [
      '--model',
      'payne',
      '--n-train',
      '8',
      '--n-val',
      '4',
      '--steps',
      '4',
      '--batch',
      '4',
      '--out',
      out,
      ...TINY,
    ];
    const io = { ...captureIo(), signal: AbortSignal.abort() };
    expect(await main(args, io)).toBe(130);
    expect(io.stderr.join('\n')).toMatch(/stopped at step 0; checkpoint in .*--resume/);
    expect((await stat(join(out, 'checkpoint.safetensors'))).size).toBeGreaterThan(0);
    const again = captureIo();
    expect(await main([...args, '--resume'], again)).toBe(0);
    expect(again.stderr.join('\n')).toMatch(/resumed at step 0/);
    expect((await readFile(join(out, 'loss.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(4);
  });

  it('names the argument in errors: unknown model, missing grid file, bad number, bad backend', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['--model', 'resnet'],
        /Argument '--model': must be one of payne, bigpayne, conv, transformer-payne; got 'resnet'/,
      ],
      [['--grid', join(root, 'nope.parquet')], /Argument '--grid': grid file '.*nope\.parquet' does not exist/],
      [['--grid', 'synth:nonsense'], /Argument '--grid'/],
      [['--steps', '-3'], /Argument '--steps': must be an integer ≥ 1; got '-3'/],
      [['--backend', 'cuda'], /Argument '--backend': must be one of/],
      [
        ['--fine-tune-from', join(root, 'no-bundle'), '--n-train', '4', '--n-val', '2', ...TINY],
        /Argument '--fine-tune-from'/,
      ],
    ];
    for (const [args, message] of cases) {
      const io = captureIo();
      expect(await main(['--out', join(root, 'bad'), ...args], io), args.join(' ')).toBe(2);
      expect(io.stderr.join('\n')).toMatch(message);
    }
  });
});

describe('astroemu-train demo', () => {
  it('trains both models on one tiny grid, evaluates, fits held-out spectra (or says why not) and prints the report path', async () => {
    const out = join(root, 'demo');
    const io = captureIo();
    const code = await main(
      ['demo', '--out', out, '--steps', '4', '--n-train', '12', '--n-val', '4', '--n-fit', '1', ...TINY],
      io,
    );
    expect(io.stderr.join('\n')).not.toMatch(/Error:/);
    expect(code).toBe(0);
    expect(io.stdout.at(-1)).toBe(`report: ${join(out, 'report.md')}`);
    const links = await checkReport(out);
    expect(links).toEqual(
      expect.arrayContaining([
        'plots/loss-transformerpayne.png',
        'plots/loss-payne.png',
        'plots/attention-transformerpayne.png',
      ]),
    );
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/\| TransformerPayne \|/);
    expect(report).toMatch(/\| Payne \|/);
    expect(report).toMatch(/## Label fits/);
    expect(report).toMatch(/\| χ²_red \| within 3σ \|/);
    for (const model of ['transformer-payne', 'payne']) {
      expect((await readFile(join(out, model, 'metrics.jsonl'), 'utf8')).trim().split('\n').length).toBeGreaterThan(0);
    }
  });
});
