import { autocovariance, mean, rankNormalize, splitChains } from './chainStatistics';

/**
 * Effective sample size of several chains of one scalar (Stan's estimator, Vehtari et al. 2021 eq. 10–11): the
 * multi-chain autocorrelation ρ_t = 1 − (W − mean acov_t)/var⁺ summed with Geyer's initial positive, monotone
 * sequence. NaN for constant draws.
 */
export function effectiveSampleSize(chains: readonly Float64Array[]): number {
  const C = chains.length;
  const n = Math.min(...chains.map((c) => c.length));
  const cs = chains.map((c) => c.subarray(0, n));
  const means = cs.map(mean);
  const acov = (t: number) => mean(cs.map((c, k) => autocovariance(c, means[k]!, t)));
  const acov0 = acov(0);
  const W = (acov0 * n) / (n - 1);
  const grand = mean(means);
  const Bn = C > 1 ? means.reduce((s, m) => s + (m - grand) ** 2, 0) / (C - 1) : 0;
  const varPlus = ((n - 1) / n) * W + Bn;
  if (!(varPlus > 0)) return NaN;
  const rho = (t: number) => (t === 0 ? 1 : 1 - (W - acov(t)) / varPlus);
  let sum = 0;
  let prev = Infinity;
  let t = 0;
  for (; t + 1 < n - 2; t += 2) {
    let pair = rho(t) + rho(t + 1);
    if (!(pair > 0)) break;
    pair = Math.min(pair, prev); // monotone
    prev = pair;
    sum += pair;
  }
  const tau = Math.max(-1 + 2 * sum, 1 / Math.log10(C * n));
  return (C * n) / tau;
}

/** Bulk ESS: the ESS of the rank-normalised split chains (efficiency for the median and central intervals). */
export function essBulk(chains: readonly Float64Array[]): number {
  return effectiveSampleSize(rankNormalize(splitChains(chains)));
}

/** Tail ESS: the smaller ESS of the indicators x ≤ q5 % and x ≤ q95 % over split chains (efficiency for the 5/95 % quantiles). */
export function essTail(chains: readonly Float64Array[]): number {
  const all = Float64Array.from(chains.flatMap((c) => Array.from(c))).sort();
  const q = (p: number) => all[Math.min(all.length - 1, Math.max(0, Math.floor(p * (all.length - 1))))]!;
  const split = splitChains(chains);
  const ind = (cut: number) => split.map((c) => c.map((v) => (v <= cut ? 1 : 0)));
  return Math.min(effectiveSampleSize(ind(q(0.05))), effectiveSampleSize(ind(q(0.95))));
}
