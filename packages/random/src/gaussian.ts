/** Standard normal deviate by Box–Muller from a uniform generator on [0, 1) (two draws: u then v). */
export function gaussian(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
