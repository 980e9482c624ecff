import { type Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import type { PosteriorRun } from './samplePosterior';

/**
 * The draws of a run as one long Arrow table: columns spectrum, chain, draw (int32) and one float64 column per label
 * (physical units; fixed labels hold their value). `thin` keeps every thin-th draw of each chain.
 */
export function samplesTable(run: Pick<PosteriorRun, 'labels' | 'chains' | 'draws' | 'samples'>, thin = 1): Table {
  const L = run.labels.length;
  const kept = Math.ceil(run.draws / thin);
  const n = run.samples.length * run.chains * kept;
  const spectrum = new Int32Array(n);
  const chain = new Int32Array(n);
  const draw = new Int32Array(n);
  const cols = run.labels.map(() => new Float64Array(n));
  let r = 0;
  run.samples.forEach((v, b) => {
    for (let c = 0; c < run.chains; c++) {
      for (let d = 0; d < run.draws; d += thin) {
        spectrum[r] = b;
        chain[r] = c;
        draw[r] = d;
        for (let l = 0; l < L; l++) cols[l]![r] = v[(c * run.draws + d) * L + l]!;
        r++;
      }
    }
  });
  const arrays: Record<string, Int32Array | Float64Array> = { spectrum, chain, draw };
  run.labels.forEach((name, l) => (arrays[name] = cols[l]!));
  return tableFromArrays(arrays);
}

/** Writes the draws as an Arrow IPC file (readable by pyarrow, polars, DuckDB): temp file, then rename. */
export async function writeSamplesArrow(
  path: string,
  run: Pick<PosteriorRun, 'labels' | 'chains' | 'draws' | 'samples'>,
  thin = 1,
): Promise<void> {
  const fs = await import('node:fs/promises');
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await fs.writeFile(tmp, tableToIPC(samplesTable(run, thin), 'file'));
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
