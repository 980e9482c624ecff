import { ShapeError } from '@astroemu/emulator-core';
import type { StellarCatalogue } from './stellarCatalogue';
import type { Vocabulary } from './vocabulary';

/** One training batch, host side, standardised units; inputs row-major [batch, length], requests [batch, requests]. */
export interface TrainingBatch {
  values: Float32Array;
  types: Int32Array;
  batch: number;
  length: number;
  /** Requests per star. */
  requests: number;
  requestTypes: Int32Array;
  targets: Float32Array;
  targetSigmas: Float32Array;
}

export interface SampleTrainingBatchOptions {
  /** Catalogue rows to draw stars from. */
  rows: ArrayLike<number>;
  batchSize: number;
  /** Maximum inputs per star (the model's context). */
  context: number;
  /** Minimum inputs per star (default 5, as the paper), fewer if a star has fewer observations. */
  minInputs?: number;
  /** Names of the types that may be requested (default: all). */
  requestable?: readonly string[];
  /**
   * Requests per star (default 1, as the paper). More requests share one encoding: each is decoded independently
   * (the decoder has no self-attention between requests), so this only adds training signal per step.
   */
  requestsPerStar?: number;
  /**
   * Groups of types observed together (e.g. one survey's spectrum, its labels, a photometric catalogue). Each group is
   * dropped from a star's candidate inputs with probability `groupDropout` (at least one group is kept), while the
   * request may still come from a dropped group — so that "labels → spectrum" contexts occur in training. Not in
   * the paper; default: no groups.
   */
  inputGroups?: readonly (readonly string[])[];
  groupDropout?: number;
}

/**
 * Leung & Bovy (2023, Sect. 3.3): for each star, a random subset of `minInputs`…`context` non-missing observations
 * in random order, and one random requested observation (which may or may not be among the inputs).
 */
export function sampleTrainingBatch(
  catalogue: StellarCatalogue,
  vocabulary: Vocabulary,
  rand: () => number,
  opts: SampleTrainingBatchOptions,
): TrainingBatch {
  const k = catalogue.names.length;
  const ids = catalogue.names.map((n) => vocabulary.id(n, 'sampleTrainingBatch'));
  const specs = ids.map((id) => vocabulary.spec(id));
  const requestable = new Set((opts.requestable ?? catalogue.names).map((n) => catalogue.names.indexOf(n)));
  if (requestable.has(-1))
    throw new ShapeError(
      `sampleTrainingBatch: every requestable type must be a catalogue column; got ${opts.requestable?.join(', ')}`,
    );
  const minInputs = opts.minInputs ?? 5;
  const groupOf = new Int32Array(k).fill(-1);
  (opts.inputGroups ?? []).forEach((g, gi) =>
    g.forEach((n) => {
      const j = catalogue.names.indexOf(n);
      if (j >= 0) groupOf[j] = gi;
    }),
  );
  const groups = opts.inputGroups?.length ?? 0;
  const requests = opts.requestsPerStar ?? 1;
  const stars: Array<{ inputs: number[]; row: number; request: number[] }> = [];
  let tries = 0;
  while (stars.length < opts.batchSize) {
    if (++tries > 100 * opts.batchSize)
      throw new ShapeError(
        'sampleTrainingBatch: the rows have too few observed values (need ≥ 2 per star, one requestable)',
      );
    const row = opts.rows[Math.floor(rand() * opts.rows.length)]!;
    const present: number[] = [];
    for (let j = 0; j < k; j++) if (Number.isFinite(catalogue.values[row * k + j]!)) present.push(j);
    const targets = present.filter((j) => requestable.has(j));
    if (present.length < 2 || targets.length === 0) continue;
    if (groups > 0 && (opts.groupDropout ?? 0) > 0) {
      const seen = [...new Set(present.map((j) => groupOf[j]!))];
      const keep = seen.filter(() => rand() >= opts.groupDropout!);
      if (keep.length === 0) keep.push(seen[Math.floor(rand() * seen.length)]!);
      const kept = present.filter((j) => keep.includes(groupOf[j]!));
      present.length = 0;
      present.push(...kept);
    }
    for (let i = present.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [present[i], present[j]] = [present[j]!, present[i]!];
    }
    const hi = Math.min(opts.context, present.length);
    const lo = Math.min(minInputs, hi);
    const count = lo + Math.floor(rand() * (hi - lo + 1));
    const request = Array.from({ length: requests }, () => targets[Math.floor(rand() * targets.length)]!);
    stars.push({ inputs: present.slice(0, count), row, request });
  }
  const length = Math.max(...stars.map((s) => s.inputs.length));
  const out: TrainingBatch = {
    values: new Float32Array(opts.batchSize * length),
    types: new Int32Array(opts.batchSize * length),
    batch: opts.batchSize,
    length,
    requests,
    requestTypes: new Int32Array(opts.batchSize * requests),
    targets: new Float32Array(opts.batchSize * requests),
    targetSigmas: new Float32Array(opts.batchSize * requests),
  };
  stars.forEach(({ inputs, row, request }, b) => {
    inputs.forEach((j, t) => {
      out.values[b * length + t] = (catalogue.values[row * k + j]! - specs[j]!.center) / specs[j]!.scale;
      out.types[b * length + t] = ids[j]!;
    });
    request.forEach((j, r) => {
      const i = b * requests + r;
      out.requestTypes[i] = ids[j]!;
      out.targets[i] = (catalogue.values[row * k + j]! - specs[j]!.center) / specs[j]!.scale;
      out.targetSigmas[i] = catalogue.sigmas[row * k + j]! / specs[j]!.scale;
    });
  });
  return out;
}
