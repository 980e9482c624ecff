/** One round of a 32-bit integer hash (xor-shift-multiply, constants of Chris Wellons' "lowbias32"). */
export function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hash of one or more integers into a uint32 seed, chaining `mix32` (the training loop's seed streams). */
export function mixSeeds(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) h = mix32((h ^ (v >>> 0)) >>> 0) ^ Math.imul(h, 0x85ebca6b);
  return h >>> 0;
}
