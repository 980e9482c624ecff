/**
 * The k largest values of `a` (which is reordered in place), sorted descending. Uses quickselect
 * (expected O(n)) and sorts only the k selected values. NaN must be filtered out by the caller.
 */
export function selectTop(a: Float64Array | Float32Array, k: number): Float64Array {
  const n = a.length;
  k = Math.max(0, Math.min(k, n));
  if (k === 0) return new Float64Array(0);
  const target = n - k; // after selection, a[target..n) are the k largest
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three to the middle
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return Float64Array.from(a.subarray(target)).sort().reverse();
}

function swap(a: Float64Array | Float32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
