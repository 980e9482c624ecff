import { essBulk, essTail } from './effectiveSampleSize';
import { integratedAutocorrTime } from './integratedAutocorrTime';
import { splitRhat } from './splitRhat';

/** Convergence thresholds (Vehtari et al. 2021; emcee's 50 τ rule). */
export interface DiagnosticThresholds {
  /** Warn when split-R̂ exceeds this (default 1.01). */
  maxRhat?: number;
  /** Warn when bulk or tail ESS falls below this (default 400). */
  minEss?: number;
  /** Warn when a chain is shorter than this many integrated autocorrelation times (default 50). */
  minTauLengths?: number;
}

/** Posterior summary of one label of one spectrum. */
export interface LabelSummary {
  name: string;
  median: number;
  /** 16th and 84th percentiles (a 68 % central credible interval). */
  p16: number;
  p84: number;
  /** 2.5th and 97.5th percentiles (95 %). */
  p2_5: number;
  p97_5: number;
  mean: number;
  sd: number;
  rhat: number;
  essBulk: number;
  essTail: number;
  /** Integrated autocorrelation time, in iterations of one chain (or walker). */
  tau: number;
}

/** Posterior summary of one spectrum: free labels only. */
export interface PosteriorSummary {
  labels: LabelSummary[];
  /** Covariance of the free labels, row-major [k × k] (physical units). */
  covariance: Float64Array;
  /** Correlation matrix [k × k]. */
  correlation: Float64Array;
  /** Human-readable failed checks (empty when every diagnostic passes). */
  warnings: string[];
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Summarises draws `values` ([chains × draws × labels], row-major) of the labels listed in `free` (indices): medians,
 * percentiles, mean, sd, covariance, correlation, split-R̂, bulk/tail ESS and τ per label, and warnings.
 */
export function summarizePosterior(
  values: Float64Array,
  chains: number,
  draws: number,
  names: readonly string[],
  free: readonly number[],
  thresholds: DiagnosticThresholds = {},
): PosteriorSummary {
  const L = names.length;
  const k = free.length;
  const S = chains * draws;
  const maxRhat = thresholds.maxRhat ?? 1.01;
  const minEss = thresholds.minEss ?? 400;
  const minTau = thresholds.minTauLengths ?? 50;
  const warnings: string[] = [];
  const column = (l: number) => Float64Array.from({ length: S }, (_, i) => values[i * L + l]!);
  const cols = free.map(column);
  const means = cols.map((c) => c.reduce((s, v) => s + v, 0) / S);
  const covariance = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let i = 0; i < S; i++) s += (cols[a]![i]! - means[a]!) * (cols[b]![i]! - means[b]!);
      covariance[a * k + b] = covariance[b * k + a] = s / (S - 1);
    }
  }
  const correlation = covariance.map(
    (v, i) => v / Math.sqrt(covariance[Math.floor(i / k) * (k + 1)]! * covariance[(i % k) * (k + 1)]!),
  );
  const labels = free.map((l, a) => {
    const c = cols[a]!;
    const sorted = Float64Array.from(c).sort();
    const perChain = Array.from({ length: chains }, (_, ch) => c.subarray(ch * draws, (ch + 1) * draws));
    const s: LabelSummary = {
      name: names[l]!,
      median: quantileSorted(sorted, 0.5),
      p16: quantileSorted(sorted, 0.16),
      p84: quantileSorted(sorted, 0.84),
      p2_5: quantileSorted(sorted, 0.025),
      p97_5: quantileSorted(sorted, 0.975),
      mean: means[a]!,
      sd: Math.sqrt(covariance[a * (k + 1)]!),
      rhat: chains > 1 || draws >= 4 ? splitRhat(perChain) : NaN,
      essBulk: essBulk(perChain),
      essTail: essTail(perChain),
      tau: integratedAutocorrTime(perChain),
    };
    if (!(s.rhat <= maxRhat))
      warnings.push(
        `${s.name}: split-R̂ ${s.rhat.toFixed(3)} > ${maxRhat} (chains disagree: run longer or check for multiple modes)`,
      );
    if (!(s.essBulk >= minEss))
      warnings.push(
        `${s.name}: bulk ESS ${s.essBulk.toFixed(0)} < ${minEss} (median and intervals imprecise: draw more)`,
      );
    if (!(s.essTail >= minEss))
      warnings.push(`${s.name}: tail ESS ${s.essTail.toFixed(0)} < ${minEss} (tail percentiles imprecise: draw more)`);
    if (!(draws >= minTau * s.tau))
      warnings.push(
        `${s.name}: ${draws} draws per chain < ${minTau} τ (τ = ${s.tau.toFixed(1)}): τ and ESS estimates unreliable`,
      );
    return s;
  });
  return { labels, covariance, correlation, warnings };
}
