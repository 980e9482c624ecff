import { BundleError } from '@astroemu/emulator-core';
import { parseNpz, type NpyArray } from '@astroemu/grid-io';

/** A wavelength grid given to an .npz import: the values, or a path / bytes of an .npz that holds them. */
export type WavelengthInput =
  | Float64Array
  | Float32Array
  | readonly number[]
  | string
  | { npz: Uint8Array | ArrayBuffer };

/** The arrays of an .npz given as a path (Node) or as its bytes. */
export async function readNpzInput(input: string | Uint8Array | ArrayBuffer): Promise<Record<string, NpyArray>> {
  if (typeof input !== 'string') return parseNpz(input);
  const fs = await import('node:fs/promises');
  return parseNpz(await fs.readFile(input), input);
}

/** `get(key)`: the array, or a BundleError from `who` naming `file` and the arrays it does have. */
export function npzArrayGetter(who: string, file: string, arrays: Record<string, NpyArray>): (key: string) => NpyArray {
  return (key) => {
    const a = arrays[key];
    if (!a)
      throw new BundleError(`${who}: ${file} has no array '${key}' (has ${Object.keys(arrays).join(', ')})`, {
        tensor: key,
      });
    return a;
  };
}

/** The wavelength grid as float64: the values given, or the array `key` of the .npz given. */
export async function readWavelengthInput(who: string, w: WavelengthInput, key: string): Promise<Float64Array> {
  if (typeof w === 'string' || (typeof w === 'object' && 'npz' in w && !Array.isArray(w))) {
    const arrays = await readNpzInput(typeof w === 'string' ? w : (w as { npz: Uint8Array | ArrayBuffer }).npz);
    return Float64Array.from(npzArrayGetter(who, 'the wavelength .npz', arrays)(key).data as ArrayLike<number>);
  }
  return Float64Array.from(w as ArrayLike<number>);
}
