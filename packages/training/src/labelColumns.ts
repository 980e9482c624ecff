import { TrainingError } from './errors';

/** Column of each emulator label in a data source's label columns, matched by name. */
export function labelColumns(
  emulatorLabels: readonly { name: string }[],
  sourceNames: readonly string[],
  who: string,
): Int32Array {
  return Int32Array.from(emulatorLabels, (l) => {
    const c = sourceNames.indexOf(l.name);
    if (c < 0) {
      throw new TrainingError(
        `${who}: the data have no label column '${l.name}' that the emulator needs; columns: ${sourceNames.slice(0, 8).join(', ')}${sourceNames.length > 8 ? ', …' : ''}`,
      );
    }
    return c;
  });
}

/** Picks `columns` out of n rows of `width` labels. */
export function pickColumns(labels: Float32Array, width: number, columns: Int32Array): Float32Array {
  const n = labels.length / width;
  const L = columns.length;
  const out = new Float32Array(n * L);
  for (let r = 0; r < n; r++) for (let j = 0; j < L; j++) out[r * L + j] = labels[r * width + columns[j]!]!;
  return out;
}
