import { describe, TrainingError } from './errors';

export interface MuPOptions {
  /** Width of the model being trained (e.g. d of TransformerPayne, hidden size of The Payne). */
  width: number;
  /** Width at which the base learning rate was tuned; m = width / baseWidth. */
  baseWidth: number;
}

/** Parameter-name groups and their muP learning-rate multiplier as a function of m. */
const GROUPS: ReadonlyArray<{ prefix: string; role: string; scale: (m: number) => number }> = [
  { prefix: 'input/', role: 'embedding-in', scale: () => 1 },
  { prefix: 'labelEmbedding/', role: 'embedding-out', scale: (m) => 1 / m },
  { prefix: 'tokens/', role: 'embedding-out', scale: (m) => 1 / m },
  { prefix: 'blocks/', role: 'attention / feed-forward', scale: (m) => 1 / m },
  { prefix: 'hidden/', role: 'hidden', scale: (m) => 1 / m },
  { prefix: 'head/', role: 'head', scale: (m) => 1 / m },
];

/**
 * muP per-parameter learning-rate multipliers for Adam-type optimisers under width scaling
 * (Yang et al., Tensor Programs V; m = width / baseWidth): matrices of embedding-in (`input/…`) ×1;
 * embedding-out (`labelEmbedding/…`, `tokens/…`), attention and feed-forward (`blocks/…`), hidden
 * (`hidden/…`) and head (`head/…`) ×1/m. Vector-like parameters (rank ≤ 1: biases, LayerNorm scales)
 * get ×1, as muP prescribes for Adam. LoRA parameters (`lora/<name>/…`) follow `<name>`'s group.
 * An unknown group is an error (list the groups it knows) rather than a silent ×1.
 */
export function muPMultipliers(
  shapes: Iterable<readonly [string, readonly number[]]>,
  opts: MuPOptions,
): Map<string, number> {
  const who = 'muPMultipliers';
  for (const k of ['width', 'baseWidth'] as const) {
    if (!(opts[k] > 0 && Number.isFinite(opts[k])))
      throw new TrainingError(`${who}: option '${k}' must be a finite number > 0; got ${describe(opts[k])}`);
  }
  const m = opts.width / opts.baseWidth;
  const out = new Map<string, number>();
  for (const [name, shape] of shapes) {
    const base = name.startsWith('lora/') ? name.slice('lora/'.length) : name;
    const group = GROUPS.find((g) => base.startsWith(g.prefix));
    if (!group) {
      throw new TrainingError(
        `${who}: parameter '${name}' belongs to no muP group; expected a name starting with ${GROUPS.map((g) => `'${g.prefix}'`).join(', ')}`,
      );
    }
    out.set(name, shape.length <= 1 ? 1 : group.scale(m));
  }
  return out;
}
