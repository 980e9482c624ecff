/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit generator whose whole state is one uint32, so a
 * checkpoint can store it and a resumed run draws exactly the numbers an uninterrupted run would. Integer
 * arithmetic only (Math.imul), so every platform draws the same stream.
 */
export class Mulberry32 {
  private s: number;

  /** Starts from `seed` as given (no mixing: `new Mulberry32(seed).next()` is mulberry32's first draw). */
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1): a multiple of 2^-32. */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The uint32 state (after the last draw). */
  get state(): number {
    return this.s;
  }

  set state(s: number) {
    this.s = s >>> 0;
  }
}

/** mulberry32 as a function: returns a generator of uniforms in [0, 1), started from `seed`. */
export function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.next();
}
