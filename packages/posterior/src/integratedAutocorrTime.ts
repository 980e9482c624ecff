import { autocovariance, mean } from './chainStatistics';

/**
 * Integrated autocorrelation time τ = 1 + 2 Σ_{t=1}^{M} ρ̄(t) of one scalar, with ρ̄ the normalised autocorrelation
 * averaged over chains (or ensemble walkers) and Sokal's automatic window: the smallest M ≥ c·τ(M) (c = 5), as emcee's
 * `integrated_time`. Reliable when each chain is longer than ≈ 50 τ (emcee's advice; the samplers warn otherwise).
 */
export function integratedAutocorrTime(chains: readonly Float64Array[], c = 5): number {
  const n = Math.min(...chains.map((x) => x.length));
  const cs = chains.map((x) => x.subarray(0, n));
  const means = cs.map(mean);
  const var0 = cs.map((x, k) => autocovariance(x, means[k]!, 0));
  const live = cs.map((_, k) => k).filter((k) => var0[k]! > 0);
  if (live.length === 0) return NaN;
  let tau = 1;
  for (let t = 1; t < n; t++) {
    tau += 2 * mean(live.map((k) => autocovariance(cs[k]!, means[k]!, t) / var0[k]!));
    if (t >= c * tau) return tau;
  }
  return tau;
}
