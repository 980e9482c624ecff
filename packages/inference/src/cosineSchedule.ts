/** Learning rate at step t of T: linear warm-up over warmupFraction·T steps to peak, then cosine decay to 0 (as the paper trains and fits). */
export function cosineSchedule(t: number, T: number, peak: number, warmupFraction = 0.1): number {
  const warm = Math.max(1, Math.round(warmupFraction * T));
  if (t < warm) return (peak * (t + 1)) / warm;
  const p = (t - warm) / Math.max(1, T - warm);
  return 0.5 * peak * (1 + Math.cos(Math.PI * Math.min(1, p)));
}
