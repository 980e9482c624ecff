/**
 * Resume = uninterrupted run. In process: stop after k steps, throw the in-memory model away, resume
 * from disk. Killed child: a separate node process (the child script bundled with esbuild from source,
 * tfjs left external) is killed with SIGKILL part-way; this process resumes from its checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readCheckpoint } from '../src/checkpoint';
import { trainEmulator } from '../src/trainEmulator';
import { RESUME_STEPS, resumeEmulator, resumeOptions, runResume } from './helpers/resumeRun';
import type { TinyEmulator } from './helpers/tinyEmulator';

const here = dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'astroemu-resume-'));
  dirs.push(d);
  return d;
};
let straight: Map<string, Float32Array>;

const weightsOf = (em: TinyEmulator) =>
  new Map(em.parameters.entries().map(([n, v]) => [n, v.dataSync() as Float32Array]));

function expectSameWeights(em: TinyEmulator): void {
  const got = weightsOf(em);
  expect([...got.keys()]).toEqual([...straight.keys()]);
  for (const [name, w] of straight) expect(Array.from(got.get(name)!), name).toEqual(Array.from(w));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const em = await runResume(tmp());
  straight = weightsOf(em);
  em.dispose();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('in process: stopped after k steps, model discarded, resumed from disk → same weights as a straight run', async () => {
  const dir = tmp();
  const first = resumeEmulator();
  const ctrl = new AbortController();
  const r = await trainEmulator(first, {
    ...resumeOptions(dir),
    signal: ctrl.signal,
    onProgress: (e) => void (e.type === 'step' && e.step === 13 && ctrl.abort()),
  });
  expect(r.step).toBe(13);
  first.dispose();
  const em = await runResume(dir);
  expectSameWeights(em);
  em.dispose();
});

test('killed child process (SIGKILL mid-run) resumed here → same weights as a straight run', async () => {
  const outDir = join(here, '.tmp');
  mkdirSync(outDir, { recursive: true });
  const script = join(outDir, `resumeChild-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, 'helpers', 'resumeChild.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: ['@tensorflow/*', 'zod', 'apache-arrow', 'fflate'],
    logLevel: 'error',
  });
  const dir = tmp();
  const killAt = 11;
  try {
    const lastStep = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let last = 0;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const steps = [...out.matchAll(/step (\d+)/g)].map((m) => Number(m[1]));
        last = steps[steps.length - 1] ?? 0;
        if (last >= killAt && child.exitCode === null) child.kill('SIGKILL');
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('exit', (code, signal) =>
        signal === 'SIGKILL' ? resolve(last) : reject(new Error(`child exited with ${code}: ${err.slice(-2000)}`)),
      );
    });
    expect(lastStep).toBeGreaterThanOrEqual(killAt);
    expect(lastStep).toBeLessThan(RESUME_STEPS);
    const ck = await readCheckpoint(dir);
    expect(ck!.step).toBeGreaterThanOrEqual(killAt - 1);
    expect(ck!.step).toBeLessThan(RESUME_STEPS);
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual(['checkpoint.safetensors']);
    const em = await runResume(dir);
    expectSameWeights(em);
    em.dispose();
  } finally {
    rmSync(script, { force: true });
  }
});
