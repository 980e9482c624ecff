// Partition functions U_I, U_II, U_III, held constant at their approximate values near 5000 K
// (after Gray 2005, Appendix D, and Irwin 1981, rounded). Elements not listed use 1, 1, 1: they are
// either absent from the line list or enter only through their (negligible) electron donation.

const TABLE: Readonly<Record<number, readonly [number, number, number]>> = {
  1: [2, 1, 1],
  6: [9.3, 5.9, 1],
  11: [2, 1, 6.6],
  12: [1, 2, 1],
  13: [5.8, 1, 2],
  14: [9.6, 5.7, 1],
  19: [2.1, 1, 5],
  20: [1.2, 2.2, 1],
  21: [11, 22, 10],
  22: [30, 55, 24],
  23: [40, 35, 30],
  24: [10, 7, 13],
  25: [6.5, 7.3, 10],
  26: [30, 45, 25],
  27: [32, 27, 24],
  28: [29, 10, 21],
  29: [2.2, 1, 8],
  30: [1, 2, 1],
  31: [4.5, 1, 2],
  38: [1.2, 2.1, 1],
  39: [10, 13, 10],
  40: [32, 45, 22],
  41: [45, 40, 25],
  44: [30, 20, 20],
  56: [2.4, 4.2, 1],
  57: [30, 25, 10],
  58: [100, 140, 30],
  59: [50, 40, 25],
  60: [60, 70, 25],
  62: [50, 75, 20],
  63: [8.5, 11, 8],
  64: [30, 30, 25],
  66: [25, 30, 20],
  67: [20, 25, 20],
  68: [20, 25, 20],
  74: [15, 15, 15],
  76: [15, 20, 15],
  82: [1.1, 2, 1],
};

/** [U_I, U_II, U_III] of element Z. */
export function partitionFunctions(Z: number): readonly [number, number, number] {
  return TABLE[Z] ?? [1, 1, 1];
}
