import { access } from 'node:fs/promises';
import type { Emulator } from '@astroemu/emulator-core';
import { openGrid } from '@astroemu/grid-io';
import { ArgumentError } from './errors';
import { mulberry32 } from '@astroemu/random';

/** Picks the emulator's labels, in its order, from rows of (names, values); a missing label names the source. */
function byName(
  emulator: Emulator,
  names: readonly string[],
  rows: (i: number) => ArrayLike<number>,
  n: number,
  source: string,
): number[][] {
  const cols = emulator.labels.map((l) => {
    const c = names.indexOf(l.name);
    if (c < 0)
      throw new ArgumentError(
        '--labels-at',
        `${source} has no label '${l.name}' (it has ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})`,
      );
    return c;
  });
  return Array.from({ length: n }, (_, i) => {
    const r = rows(i);
    return cols.map((c) => r[c]!);
  });
}

/**
 * Label vectors at which to screen (physical units, emulator order): the first `n` rows of a
 * Parquet/Arrow grid, `synth:validation` (n rows of @astroemu/synth's validation stream), or by
 * default `n` seeded uniform draws in the emulator's label box.
 */
export async function crbLabelSets(
  emulator: Emulator,
  source: string | undefined,
  n: number,
  seed: number,
): Promise<{ labels: number[][]; description: string }> {
  if (source === undefined) {
    const rand = mulberry32(seed);
    const labels = Array.from({ length: n }, () => emulator.labels.map((l) => l.min + rand() * (l.max - l.min)));
    return { labels, description: `${n} uniform draws in the emulator's label box (seed ${seed})` };
  }
  if (source.startsWith('synth:')) {
    const kind = source.slice('synth:'.length);
    if (!['validation', 'train', 'pretrain'].includes(kind))
      throw new ArgumentError(
        '--labels-at',
        `synthetic sets are synth:validation, synth:train or synth:pretrain; got '${source}'`,
      );
    let synth: typeof import('@astroemu/synth');
    try {
      synth = await import('@astroemu/synth');
    } catch (e) {
      throw new ArgumentError(
        '--labels-at',
        `'${source}' needs @astroemu/synth, which did not load (${(e as Error).message.split('\n')[0]})`,
      );
    }
    const grid = synth.makeGrid({ kind: kind as 'validation', n, seed, R: 1000, lambdaMin: 5000, lambdaMax: 5100 });
    return {
      labels: byName(emulator, grid.labelNames, (i) => grid.labels(i), n, source),
      description: `${n} label vectors of ${source} (seed ${seed})`,
    };
  }
  try {
    await access(source);
  } catch {
    throw new ArgumentError(
      '--labels-at',
      `grid file '${source}' does not exist (give a .parquet/.arrow grid, synth:validation, or nothing)`,
    );
  }
  const grid = await openGrid(source);
  try {
    const k = Math.min(n, grid.numRows);
    const rows = await grid.rows(Array.from({ length: k }, (_, i) => i));
    const L = grid.labelNames.length;
    return {
      labels: byName(emulator, grid.labelNames, (i) => rows.labels.subarray(i * L, (i + 1) * L), k, source),
      description: `the first ${k} label vectors of ${source}`,
    };
  } finally {
    await grid.close();
  }
}
