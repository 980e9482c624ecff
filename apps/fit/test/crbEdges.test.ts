import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { crbBounds, emulatorJacobian, fisherMatrix } from '@astroemu/crb';
import { saveEmulator, type Emulator } from '@astroemu/emulator-core';
import { writeGrid } from '@astroemu/grid-io';
import { createPayne } from '@astroemu/payne';
import { createTransformerPayne } from '@astroemu/transformer-payne';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppIo } from '../src/appIo';
import { main } from '../src/main';

function captureIo(): AppIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: false };
}

const LABELS = [
  { name: 'Teff', unit: 'K', min: 4000, max: 6000 },
  { name: 'logg', min: 4, max: 5 },
];
let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'fit-crb-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Median marginal bounds per label by the autodiff route (exact derivatives; no box-edge question), S/N 100. */
function autodiffMedians(emulator: Emulator, labels: number[][], wavelength?: Float64Array): number[] {
  const jac = emulatorJacobian(emulator, labels, { method: 'autodiff', ...(wavelength ? { wavelength } : {}) });
  const b = crbBounds(fisherMatrix(jac, { snr: 100 }));
  return emulator.labels.map((_, l) => {
    const xs = labels.map((_, i) => b.marginal[i * emulator.labels.length + l]).sort((p, q) => p - q);
    return xs.length % 2 ? xs[(xs.length - 1) / 2]! : 0.5 * (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!);
  });
}

/** The CSV table's median_marginal column by label. */
function csvMedians(lines: string[]): Record<string, number> {
  const rows = lines
    .join('\n')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return Object.fromEntries(rows.map((r) => [r[0]!, Number(r[2])]));
}

describe('astroemu-fit crb at the box edge and with TransformerPayne', () => {
  it('screens label vectors ON the box edges of a Payne bundle (one-sided differences) and matches autodiff', async () => {
    const wavelength = Float64Array.from({ length: 200 }, (_, i) => 5000 + 0.05 * i);
    const payne = createPayne({ preset: 'small', hidden: [8, 8], labels: LABELS, wavelength, seed: 4 });
    const bundle = join(root, 'payne');
    await saveEmulator(bundle, payne);
    const at = [
      [6000, 5],
      [4000, 4],
      [6000, 4],
    ];
    const grid = join(root, 'edges.parquet');
    await writeGrid(grid, {
      labelNames: ['Teff', 'logg'],
      labels: Float32Array.from(at.flat()),
      wavelength,
      flux: new Float32Array(3 * 200).fill(1),
      meta: {},
    });
    const io = captureIo();
    const code = await main(
      ['crb', '--emulator', bundle, '--labels-at', grid, '--format', 'csv', '--backend', 'cpu'],
      io,
    );
    expect(io.stderr.join('\n')).not.toMatch(/Error/);
    expect(code).toBe(0);
    const got = csvMedians(io.stdout);
    const ref = autodiffMedians(payne, at);
    LABELS.forEach((l, i) =>
      expect(Math.abs(got[l.name]! / ref[i]! - 1), `${l.name}: ${got[l.name]} vs autodiff ${ref[i]}`).toBeLessThan(
        0.01,
      ),
    );
    payne.dispose();
  });

  it('needs --wavelength for a TransformerPayne bundle, and then screens on those pixels (= autodiff)', async () => {
    const tp = createTransformerPayne({
      preset: 'small',
      labels: LABELS,
      wavelengthRange: { min: 5000, max: 5010 },
      seed: 1,
    });
    const bundle = join(root, 'tp');
    await saveEmulator(bundle, tp);
    const at = [
      [5300, 4.5],
      [4000, 4.9], // on the Teff bound
    ];
    const grid = join(root, 'tp.parquet');
    await writeGrid(grid, {
      labelNames: ['Teff', 'logg'],
      labels: Float32Array.from(at.flat()),
      wavelength: Float64Array.from([5000, 5001]),
      flux: new Float32Array(4).fill(1),
      meta: {},
    });
    const bad = captureIo();
    expect(await main(['crb', '--emulator', bundle, '--labels-at', grid, '--backend', 'cpu'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toMatch(
      /Argument '--wavelength': is required for a wavelength-conditioned emulator \(its domain is 5000–5010 Å\)/,
    );
    const outside = captureIo();
    expect(
      await main(
        ['crb', '--emulator', bundle, '--labels-at', grid, '--wavelength', '4990:5005:0.1', '--backend', 'cpu'],
        outside,
      ),
    ).toBe(2);
    expect(outside.stderr.join('\n')).toMatch(/Argument '--wavelength': 4990–5005 Å leaves the emulator's domain/);
    const io = captureIo();
    const code = await main(
      [
        'crb',
        '--emulator',
        bundle,
        '--labels-at',
        grid,
        '--wavelength',
        '5001:5009:0.5',
        '--format',
        'csv',
        '--backend',
        'cpu',
      ],
      io,
    );
    expect(io.stderr.join('\n')).not.toMatch(/Error/);
    expect(code).toBe(0);
    const got = csvMedians(io.stdout);
    const w = Float64Array.from({ length: 17 }, (_, i) => 5001 + i * 0.5);
    const ref = autodiffMedians(tp, at, w);
    LABELS.forEach((l, i) =>
      expect(Math.abs(got[l.name]! / ref[i]! - 1), `${l.name}: ${got[l.name]} vs autodiff ${ref[i]}`).toBeLessThan(
        0.02,
      ),
    );
    tp.dispose();
  });
});
