import { ArgumentError } from './errors';

/** Shard k of n (0 ≤ k < n): the inputs whose position i satisfies i mod n = k. */
export interface Shard {
  index: number;
  count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** Parses `--shard k/n` (Slurm: `--shard $SLURM_ARRAY_TASK_ID/$N`). */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index >= 0 && index < count))
    throw new ArgumentError('--shard', `must be k/n with 0 ≤ k < n (e.g. 0/8); got '${value}'`);
  return { index, count };
}

/**
 * Positions of the inputs that belong to a shard: round-robin (i mod n = k), so that shards get
 * equal shares whatever the order, and the split depends only on the input list and n.
 */
export function shardPositions(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < total; i += shard.count) out.push(i);
  return out;
}
