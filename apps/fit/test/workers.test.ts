import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppIo } from '../src/appIo';
import { fitWorkerUrl } from '../src/fitPool';
import { main } from '../src/main';
import { readResults } from '../src/resultsFile';
import { makeFixtures } from './fixtures';

// The workers run the BUILT worker (dist/fitWorker.js: a worker thread cannot run the .ts sources). `npm test` builds
// first (turbo run build), so in CI a missing dist is a failure; locally the test is skipped with a message.
const workerScript = fileURLToPath(fitWorkerUrl());
const built = existsSync(workerScript);
if (!built && process.env.CI)
  throw new Error(`${workerScript} is missing: build apps/fit (turbo run build) before its tests`);
if (!built)
  console.warn(
    `fit-app --workers test skipped: ${workerScript} is missing; run 'npx turbo run build --filter=@astroemu/fit-app...' first`,
  );

function captureIo(): AppIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: false };
}

let root: string;
let fx: Awaited<ReturnType<typeof makeFixtures>>;
const FIT = [
  '--labels',
  'Teff,logg,Fe',
  '--rv',
  '--rv-min',
  '-100',
  '--rv-max',
  '100',
  '--backend',
  'cpu',
  '--batch',
  '2',
];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fit-app-workers-'));
  fx = await makeFixtures(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.skipIf(!built)('astroemu-fit --workers', () => {
  it('--workers 2 gives the rows of --workers 1 (same fits, same error rows); a rerun skips finished spectra', async () => {
    const inputs = [fx.fits[0]!, fx.bad[0]!, fx.grid, fx.fits[1]!, fx.bad[1]!];
    const one = join(root, 'one.csv');
    const two = join(root, 'two.parquet');
    const io1 = captureIo();
    expect(
      await main(['--emulator', fx.bundle, '--spectra', ...inputs, ...FIT, '--out', one, '--workers', '1'], io1),
    ).toBe(0);
    const io2 = captureIo();
    expect(
      await main(['--emulator', fx.bundle, '--spectra', ...inputs, ...FIT, '--out', two, '--workers', '2'], io2),
    ).toBe(0);
    expect(io2.stderr.join('\n')).not.toMatch(/Error|at .*\.ts/);
    expect(io2.stdout.at(-1)).toBe(`results: ${two} (7 spectra, 2 with errors)`);
    const a = await readResults(one);
    const b = await readResults(two);
    expect(b.columns).toEqual(a.columns);
    expect(b.rows.map((r) => r.id)).toEqual([
      fx.fits[0],
      fx.bad[0],
      'obs.parquet#0',
      'obs.parquet#1',
      'obs.parquet#2',
      fx.fits[1],
      fx.bad[1],
    ]);
    expect(b.rows.map((r) => r.id)).toEqual(a.rows.map((r) => r.id));
    a.rows.forEach((ra, i) => {
      const rb = b.rows[i]!;
      for (const [k, v] of Object.entries(ra)) {
        // rows at the same labels (the box centre, the 24 default --candidates, the 3 labels' finite differences at the
        // centre) are split among the spectra of a batch, and the workers' batches differ
        if (k === 'evaluations')
          expect(Math.abs((rb[k] as number) - (v as number)), `${ra.id} ${k}`).toBeLessThanOrEqual(1 + 24 + 3);
        else if (typeof v === 'number' && Number.isFinite(v))
          expect(Math.abs((rb[k] as number) - v), `${ra.id} ${k}: ${rb[k]} vs ${v}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(v)),
          );
        else expect(rb[k], `${ra.id} ${k}`).toEqual(v);
      }
    });
    for (const bad of fx.bad) {
      const r = b.rows.find((x) => x.id === bad)!;
      expect(r.flags).toBe('error');
      expect(r.error).toMatch(/usable pixels/);
    }
    const again = captureIo();
    expect(
      await main(['--emulator', fx.bundle, '--spectra', ...inputs, ...FIT, '--out', two, '--workers', '2'], again),
    ).toBe(0);
    expect(again.stderr.join('\n')).toMatch(/skipping 7 already in .*two\.parquet; fitting 0/);
    expect((await readResults(two)).rows).toEqual(b.rows);
  });
});
