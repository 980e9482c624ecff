/**
 * Shared pieces of the convergence diagnostics (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021): splitting
 * chains in halves, pooled rank normalisation, chain autocovariances.
 */

/** Each chain cut into its first and second half (the middle draw of an odd-length chain is dropped). */
export function splitChains(chains: readonly Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of chains) {
    const h = Math.floor(c.length / 2);
    out.push(c.subarray(0, h), c.subarray(c.length - h));
  }
  return out;
}

/** Pooled fractional ranks mapped to normal scores Φ⁻¹((r − 3/8)/(S + 1/4)) (Blom), ties get their mean rank. */
export function rankNormalize(chains: readonly Float64Array[]): Float64Array[] {
  const S = chains.reduce((s, c) => s + c.length, 0);
  const all = new Float64Array(S);
  let p = 0;
  for (const c of chains) {
    all.set(c, p);
    p += c.length;
  }
  const order = Array.from({ length: S }, (_, i) => i).sort((i, j) => all[i]! - all[j]!);
  const rank = new Float64Array(S);
  for (let i = 0; i < S; ) {
    let j = i;
    while (j + 1 < S && all[order[j + 1]!] === all[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) rank[order[k]!] = r;
    i = j + 1;
  }
  const out: Float64Array[] = [];
  p = 0;
  for (const c of chains) {
    out.push(Float64Array.from({ length: c.length }, (_, i) => inverseNormalCdf((rank[p + i]! - 0.375) / (S + 0.25))));
    p += c.length;
  }
  return out;
}

/** Mean of a chain. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Biased autocovariance (1/n) Σ (x_i − m)(x_{i+t} − m) of one chain at lag t. */
export function autocovariance(x: Float64Array, m: number, t: number): number {
  let s = 0;
  for (let i = 0; i + t < x.length; i++) s += (x[i]! - m) * (x[i + t]! - m);
  return s / x.length;
}

/** Φ⁻¹(p) (Acklam's rational approximation refined by one Halley step; |error| < 1e-12). */
export function inverseNormalCdf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7, refined enough for Halley). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
