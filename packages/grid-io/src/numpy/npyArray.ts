import type { NpyData, NpyDtype } from './npyDtype';

/**
 * An n-d array as read from / written to .npy. `data` is always in C (row-major) order;
 * `fortranOrder` says how the file stores (or will store) it.
 */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
  fortranOrder: boolean;
}

/** Copies `src` (order of `shape` in C order if `toFortran`, else Fortran order) into the other order. */
export function reorder<T extends NpyData>(src: T, shape: number[], toFortran: boolean): T {
  const n = src.length;
  const dst = new (src.constructor as { new (n: number): T })(n);
  const k = shape.length;
  if (k < 2) {
    dst.set(src as never);
    return dst;
  }
  // strides of the Fortran layout, walked in C order (odometer over the last axis fastest)
  const fStride = new Array<number>(k);
  let s = 1;
  for (let d = 0; d < k; d++) {
    fStride[d] = s;
    s *= shape[d]!;
  }
  const idx = new Array<number>(k).fill(0);
  let f = 0;
  for (let c = 0; c < n; c++) {
    if (toFortran) (dst as NpyData)[f] = (src as NpyData)[c]!;
    else (dst as NpyData)[c] = (src as NpyData)[f]!;
    for (let d = k - 1; d >= 0; d--) {
      idx[d]!++;
      f += fStride[d]!;
      if (idx[d]! < shape[d]!) break;
      f -= fStride[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return dst;
}
