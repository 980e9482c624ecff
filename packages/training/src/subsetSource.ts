import { TrainingError } from './errors';
import type { TrainingDataSource } from './TrainingDataSource';

/** The rows `indices` of `source` as a data source of their own (e.g. the two sides of grid-io's splitIndices). */
export function subsetSource(source: TrainingDataSource, indices: ArrayLike<number>): TrainingDataSource {
  const map = Int32Array.from(indices as ArrayLike<number>);
  for (let i = 0; i < map.length; i++) {
    if (!(map[i]! >= 0 && map[i]! < source.numRows) || map[i] !== (indices[i] as number)) {
      throw new TrainingError(`subsetSource: indices[${i}] must be a row in [0, ${source.numRows}); got ${indices[i]}`);
    }
  }
  return {
    numRows: map.length,
    labelNames: source.labelNames,
    wavelength: source.wavelength,
    rows(rows) {
      const picked = new Array<number>(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r]!;
        if (!(Number.isInteger(i) && i >= 0 && i < map.length)) {
          throw new TrainingError(`subsetSource.rows: indices[${r}] must be a row in [0, ${map.length}); got ${i}`);
        }
        picked[r] = map[i]!;
      }
      return source.rows(picked);
    },
  };
}
