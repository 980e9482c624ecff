import { Mulberry32, gaussian, mix32 } from '@astroemu/random';

export { mixSeeds } from '@astroemu/random';

/**
 * A small seeded generator (mulberry32 of @astroemu/random, started from mix32(seed)) whose whole state is
 * one uint32, so that checkpoints can store it and a resumed run draws exactly the numbers an
 * uninterrupted run would.
 */
export class SeededRandom extends Mulberry32 {
  constructor(seed: number) {
    super(mix32(seed));
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller; uses two draws). */
  normal(): number {
    return gaussian(() => this.next());
  }
}
