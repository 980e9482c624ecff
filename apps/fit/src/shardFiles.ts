import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Shard } from './shard';

/** What a shard run records next to its results, so that `merge` can tell finished shards from running ones. */
export interface ShardManifest {
  shard: string;
  /** Spectra in the full input list and in this shard. */
  totalInputs: number;
  expected: number;
  done: number;
  complete: boolean;
}

/** `results.parquet` + shard 3/8 → `results.shard-3-of-8.parquet` (the whole run: `results.parquet`). */
export function shardResultsPath(out: string, shard: Shard): string {
  if (shard.count === 1) return out;
  const ext = extname(out);
  return join(dirname(out), `${basename(out, ext)}.shard-${shard.index}-of-${shard.count}${ext}`);
}

/** The manifest beside a results file: `results.shard-3-of-8.parquet` → `results.shard-3-of-8.json`. */
export function manifestPath(results: string): string {
  const ext = extname(results);
  return join(dirname(results), `${basename(results, ext)}.json`);
}

export async function readManifest(results: string): Promise<ShardManifest | undefined> {
  try {
    return JSON.parse(await readFile(manifestPath(results), 'utf8')) as ShardManifest;
  } catch {
    return undefined;
  }
}

/** Shard results files of `out` in its folder, any results extension: `{ path, index, count }`, sorted by index. */
export async function findShardFiles(out: string): Promise<Array<{ path: string; index: number; count: number }>> {
  const dir = dirname(out);
  const stem = basename(out, extname(out)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^${stem}\\.shard-(\\d+)-of-(\\d+)\\.(csv|parquet|pq)$`, 'i');
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((n) => ({ n, m: re.exec(n) }))
    .filter((x) => x.m !== null)
    .map(({ n, m }) => ({ path: join(dir, n), index: Number(m![1]), count: Number(m![2]) }))
    .sort((a, b) => a.index - b.index);
}

/** Shard of a results file name, if it has one. */
export function shardOfPath(path: string): Shard | undefined {
  const m = /\.shard-(\d+)-of-(\d+)\.[a-z]+$/i.exec(path);
  return m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
}
