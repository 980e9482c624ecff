import { ArgumentError } from './errors';
import { readNpzArgument } from './readNpzArgument';

/** `--continuum-pixels FILE.npz`: the Cannon continuum pixels (`pixels_cannon`, one per pixel of the APOGEE grid). */
export async function readContinuumPixels(file: string): Promise<Uint8Array> {
  const arrays = await readNpzArgument(file, '--continuum-pixels');
  const a = arrays.pixels_cannon;
  if (!a)
    throw new ArgumentError(
      '--continuum-pixels',
      `'${file}' has no array 'pixels_cannon' (it has ${Object.keys(arrays).join(', ') || 'none'})`,
    );
  if (a.shape.length !== 1)
    throw new ArgumentError(
      '--continuum-pixels',
      `'${file}': pixels_cannon must be one flag per pixel (1-D); got shape (${a.shape.join(', ')})`,
    );
  return Uint8Array.from(a.data as ArrayLike<number | boolean>, (x) => (x ? 1 : 0));
}
