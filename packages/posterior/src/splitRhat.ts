import { mean, rankNormalize, splitChains } from './chainStatistics';

/** Classic potential scale reduction √(var⁺/W) of the given chains (no splitting, no ranks). */
export function potentialScaleReduction(chains: readonly Float64Array[]): number {
  const n = Math.min(...chains.map((c) => c.length));
  const C = chains.length;
  const means = chains.map((c) => mean(c.subarray(0, n)));
  const grand = mean(means);
  const W = mean(chains.map((c, k) => c.subarray(0, n).reduce((s, v) => s + (v - means[k]!) ** 2, 0) / (n - 1)));
  const Bn = means.reduce((s, m) => s + (m - grand) ** 2, 0) / (C - 1);
  return Math.sqrt(((n - 1) / n) * W + Bn) / Math.sqrt(W);
}

/**
 * Rank-normalised split-R̂ (Vehtari et al. 2021, eq. 4 and §4.2): the larger of the bulk R̂ (ranks of the draws) and
 * the tail R̂ (ranks of |draw − median|), over chains split in halves. Values above 1.01 mean the chains disagree.
 * `chains`: one Float64Array of draws per chain (≥ 4 draws each).
 */
export function splitRhat(chains: readonly Float64Array[]): number {
  const split = splitChains(chains);
  const bulk = potentialScaleReduction(rankNormalize(split));
  const all = Float64Array.from(chains.flatMap((c) => Array.from(c))).sort();
  const med = all.length % 2 ? all[(all.length - 1) / 2]! : (all[all.length / 2 - 1]! + all[all.length / 2]!) / 2;
  const tail = potentialScaleReduction(rankNormalize(split.map((c) => c.map((v) => Math.abs(v - med)))));
  return Math.max(bulk, tail);
}
