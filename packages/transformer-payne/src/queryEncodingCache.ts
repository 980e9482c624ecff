import { log10Wavelength, sinusoidalEncoding } from '@astroemu/wavelength-encoding';

interface Entry {
  grid: Float64Array;
  encoding: Float32Array;
}

function sameGrid(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The query tokens of TransformerPayne depend only on the wavelength grid: sin(2π log10(λ) / P_i), computed in float64
 * on the host (@astroemu/wavelength-encoding) and kept as a Float32Array [M, dim] for the last `capacity` grids
 * (least recently used first out). Host memory only: no tensor is held between calls.
 */
export class QueryEncodingCache {
  private entries: Entry[] = [];
  /** Grids whose encoding is kept for the whole run; a grid made of some of their pixels is gathered from it. */
  private pinned: Entry[] = [];

  constructor(
    private readonly opts: { dim: number; minPeriod: number; maxPeriod: number },
    private readonly capacity = 4,
  ) {}

  /** Row-major [M, dim] encoding of `grid` (Å). The returned array is shared: do not modify it. */
  get(grid: Float64Array): Float32Array {
    const i = this.entries.findIndex((e) => sameGrid(e.grid, grid));
    if (i >= 0) {
      const [hit] = this.entries.splice(i, 1);
      this.entries.unshift(hit!);
      return hit!.encoding;
    }
    const encoding = this.fromPinned(grid) ?? sinusoidalEncoding(log10Wavelength(grid), this.opts);
    this.entries.unshift({ grid: Float64Array.from(grid), encoding });
    if (this.entries.length > this.capacity) this.entries.length = this.capacity;
    return encoding;
  }

  /**
   * Keeps the encoding of `grid` (a training grid) for the whole run: a later grid whose wavelengths are some of its
   * pixels (in order; a training step's draw) gets those rows copied instead of recomputed.
   */
  pin(grid: Float64Array): void {
    if (this.pinned.some((e) => sameGrid(e.grid, grid))) return;
    this.pinned.push({ grid: Float64Array.from(grid), encoding: sinusoidalEncoding(log10Wavelength(grid), this.opts) });
  }

  /** Rows of a pinned grid's encoding when every wavelength of `grid` is one of its pixels (both increasing). */
  private fromPinned(grid: Float64Array): Float32Array | undefined {
    const d = this.opts.dim;
    for (const e of this.pinned) {
      if (e.grid.length < grid.length) continue;
      const out = new Float32Array(grid.length * d);
      let j = 0;
      let ok = true;
      for (let i = 0; i < grid.length && ok; i++) {
        while (j < e.grid.length && e.grid[j]! < grid[i]!) j++;
        if (j === e.grid.length || e.grid[j] !== grid[i]) ok = false;
        else out.set(e.encoding.subarray(j * d, (j + 1) * d), i * d);
      }
      if (ok) return out;
    }
    return undefined;
  }

  /** Number of grids held. */
  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
    this.pinned = [];
  }
}
