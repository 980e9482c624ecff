/** A bounded min-heap that keeps the `capacity` largest numbers pushed into it. */
export class TopKHeap {
  private readonly heap: Float64Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.heap = new Float64Array(Math.max(0, capacity));
  }

  push(x: number): void {
    const h = this.heap;
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p] <= x) break;
        h[i] = h[p];
        i = p;
      }
      h[i] = x;
    } else if (this.capacity > 0 && x > h[0]) {
      // replace the root and sift down
      let i = 0;
      const n = this.size;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
        if (h[c] >= x) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = x;
    }
  }

  /** The kept values, sorted descending. */
  sortedDescending(): Float64Array {
    return this.heap.slice(0, this.size).sort().reverse();
  }
}
