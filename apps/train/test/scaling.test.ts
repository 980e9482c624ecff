import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { pngInfo } from './pngInfo';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('astroemu-train experiment scaling', () => {
  it('runs every model × size from scratch and fine-tuned, and writes the table and the plot', async () => {
    const out = await mkdtemp(join(tmpdir(), 'scaling-'));
    dirs.push(out);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const args = [
      'experiment',
      'scaling',
      '--models',
      'payne,bigpayne,transformer-payne',
      '--sizes',
      '8,4',
      '--steps',
      '2',
      '--pretrain-steps',
      '2',
      '--pretrain-size',
      '8',
    ];
    const tiny = [
      '--n-val',
      '4',
      '--batch',
      '4',
      '--R',
      '5000',
      '--lambda-min',
      '5000',
      '--lambda-max',
      '5020',
      '--out',
      out,
    ];
    const code = await main([...args, ...tiny], {
      out: (l) => stdout.push(l),
      err: (l) => stderr.push(l),
      progress: false,
    });
    expect(stderr.join('\n')).not.toMatch(/Error/);
    expect(code).toBe(0);
    const rows = (await readFile(join(out, 'results.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(3 * 2 * 2);
    expect(new Set(rows.map((r) => `${r.model}/${r.variant}/${r.size}`)).size).toBe(12);
    for (const r of rows) for (const k of ['mse', 'mae', 'maqe95']) expect(r[k]).toBeGreaterThan(0);
    const md = await readFile(join(out, 'results.md'), 'utf8');
    expect(md.match(/^\| (payne|bigpayne|transformer-payne) \|/gm)).toHaveLength(12);
    const png = pngInfo(new Uint8Array(await readFile(join(out, 'scaling.png'))));
    expect(png.signatureOk).toBe(true);
    expect(png.distinctBytes).toBeGreaterThan(10);
  });

  it('names a bad model in --models', async () => {
    const err: string[] = [];
    expect(
      await main(['experiment', 'scaling', '--models', 'payne,gpt'], {
        out: () => {},
        err: (l) => err.push(l),
        progress: false,
      }),
    ).toBe(2);
    expect(err.join('\n')).toMatch(/Argument '--models': must be one of .*; got 'gpt'/);
  });
});
