import { readFile } from 'node:fs/promises';
import { type NpyArray, parseNpz } from '@astroemu/grid-io';
import { ArgumentError } from './errors';

/** The arrays of an .npz named by option `flag`; an unreadable file or archive is an argument error naming both. */
export async function readNpzArgument(file: string, flag: string): Promise<Record<string, NpyArray>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new ArgumentError(flag, `cannot read '${file}': ${(e as Error).message}`);
  }
  try {
    return parseNpz(bytes, file);
  } catch (e) {
    throw new ArgumentError(flag, `'${file}' is not a readable .npz: ${(e as Error).message}`);
  }
}
