import type { AppIo } from './appIo';
import { ArgumentError } from './errors';
import { readResults, resultsFormat, writeResults } from './resultsFile';
import type { ResultRow } from './resultsTable';
import { findShardFiles, readManifest, shardOfPath } from './shardFiles';

export interface MergeCommandOptions {
  out?: string;
  allowIncomplete?: boolean;
}

/**
 * `astroemu-fit merge --out results.parquet [shard files…]`: joins the shard results of `--out`
 * (`results.shard-k-of-n.*` beside it, or the files given) into one table in input order. Every
 * shard 0…n−1 must be present and finished (its manifest says complete) unless --allow-incomplete.
 */
export async function mergeCommand(files: string[], o: MergeCommandOptions, io: AppIo): Promise<void> {
  if (!o.out) throw new ArgumentError('--out', 'is required: the merged results file (.parquet or .csv)');
  resultsFormat(o.out);
  const shards = files.length
    ? files.map((path) => ({ path, ...(shardOfPath(path) ?? { index: NaN, count: NaN }) }))
    : await findShardFiles(o.out);
  if (shards.length === 0)
    throw new ArgumentError(
      '--out',
      `no shard files '${o.out.replace(/(\.[^.]+)$/, '.shard-K-of-N$1')}' found; run astroemu-fit --shard k/n first`,
    );
  const counts = new Set(shards.map((s) => s.count));
  const problems: string[] = [];
  if (counts.size === 1 && Number.isFinite(shards[0]!.count)) {
    const n = shards[0]!.count;
    const have = new Set(shards.map((s) => s.index));
    const missing = Array.from({ length: n }, (_, k) => k).filter((k) => !have.has(k));
    if (missing.length) problems.push(`shards ${missing.map((k) => `${k}/${n}`).join(', ')} missing`);
  } else if (files.length === 0) problems.push(`shard files of different counts n (${[...counts].join(', ')})`);
  for (const s of shards) {
    const m = await readManifest(s.path);
    if (m && !m.complete) problems.push(`${s.path} is unfinished (${m.done}/${m.expected} spectra)`);
  }
  if (problems.length && !o.allowIncomplete)
    throw new ArgumentError('merge', `${problems.join('; ')} (pass --allow-incomplete to merge anyway)`);
  for (const p of problems) io.err(`astroemu-fit merge: warning: ${p}`);

  let columns: Awaited<ReturnType<typeof readResults>>['columns'] | undefined;
  const rows: ResultRow[] = [];
  const seen = new Set<string>();
  for (const s of shards) {
    const t = await readResults(s.path);
    const names = t.columns.map((c) => c.name).join(',');
    if (columns && names !== columns.map((c) => c.name).join(','))
      throw new ArgumentError('merge', `${s.path} has columns ${names}, unlike the first shard`);
    columns ??= t.columns;
    for (const r of t.rows) {
      const id = String(r.id);
      if (seen.has(id))
        throw new ArgumentError(
          'merge',
          `spectrum '${id}' appears in more than one shard (${s.path}); were shards run with different inputs?`,
        );
      seen.add(id);
      rows.push(r);
    }
  }
  rows.sort((a, b) => Number(a.index) - Number(b.index));
  await writeResults(o.out, { columns: columns!, rows });
  io.out(`merged ${shards.length} shards: ${o.out} (${rows.length} spectra)`);
}
