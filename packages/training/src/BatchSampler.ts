import { checkPositiveInt, describe, TrainingError } from './errors';
import { mixSeeds, SeededRandom } from './SeededRandom';

/** Position of a sampler, for checkpoints. */
export interface BatchSamplerState {
  epoch: number;
  cursor: number;
}

/**
 * Draws batches of row indices without replacement within an epoch: every epoch is a fresh
 * permutation of [0, n) determined by (seed, epoch) alone, so the position {epoch, cursor} is the whole
 * state; a batch may straddle two epochs.
 */
export class BatchSampler {
  readonly n: number;
  readonly seed: number;
  private epoch = 0;
  private cursor = 0;
  private order: Uint32Array;

  constructor(n: number, seed: number) {
    this.n = checkPositiveInt('BatchSampler', 'n', n);
    this.seed = seed;
    this.order = this.permutation(0);
  }

  next(batchSize: number): number[] {
    const out: number[] = [];
    while (out.length < batchSize) {
      if (this.cursor === this.n) {
        this.epoch += 1;
        this.cursor = 0;
        this.order = this.permutation(this.epoch);
      }
      out.push(this.order[this.cursor++]!);
    }
    return out;
  }

  get state(): BatchSamplerState {
    return { epoch: this.epoch, cursor: this.cursor };
  }

  set state(s: BatchSamplerState) {
    if (
      !(Number.isInteger(s?.epoch) && s.epoch >= 0 && Number.isInteger(s.cursor) && s.cursor >= 0 && s.cursor <= this.n)
    ) {
      throw new TrainingError(
        `BatchSampler: state must be {epoch ≥ 0, cursor in [0, ${this.n}]}; got ${describe(JSON.stringify(s))}`,
      );
    }
    this.epoch = s.epoch;
    this.cursor = s.cursor;
    this.order = this.permutation(s.epoch);
  }

  private permutation(epoch: number): Uint32Array {
    const rand = new SeededRandom(mixSeeds(this.seed, epoch));
    const p = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) p[i] = i;
    for (let i = this.n - 1; i > 0; i--) {
      const j = rand.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}
