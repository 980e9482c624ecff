const PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109,
  113,
];

/** Point i (i ≥ 1) of the d-dimensional Halton sequence in [0, 1)^d (radical inverses in the first d primes). */
export function halton(i: number, d: number): Float64Array {
  if (d > PRIMES.length) throw new Error(`halton: at most ${PRIMES.length} dimensions; got ${d}`);
  const out = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const b = PRIMES[k]!;
    let f = 1;
    let r = 0;
    let n = i;
    while (n > 0) {
      f /= b;
      r += f * (n % b);
      n = Math.floor(n / b);
    }
    out[k] = r;
  }
  return out;
}
