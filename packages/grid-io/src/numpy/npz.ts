import { unzipSync, zipSync, type Zippable } from 'fflate';
import { writeFileAtomic } from '../grid/nodeFs';
import { encodeNpy, type NpyInput } from './encodeNpy';
import { NpyError } from './errors';
import type { NpyArray } from './npyArray';
import { parseNpy } from './readNpy';

/** Parses the bytes of an .npz (zip of .npy members, stored or deflated); keys drop the '.npy' suffix. */
export function parseNpz(input: Uint8Array | ArrayBuffer, file = '<buffer>'): Record<string, NpyArray> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (e) {
    throw new NpyError(`${file}: not a readable .npz (zip) archive; ${(e as Error).message}`);
  }
  const out: Record<string, NpyArray> = {};
  for (const [name, data] of Object.entries(members)) {
    if (name.endsWith('/')) continue;
    out[name.replace(/\.npy$/, '')] = parseNpy(data, `${file}:${name}`);
  }
  return out;
}

/** Reads an .npz file (Node: path; anywhere: bytes). */
export async function readNpz(input: string | Uint8Array | ArrayBuffer): Promise<Record<string, NpyArray>> {
  if (typeof input !== 'string') return parseNpz(input);
  const fs = await import('node:fs/promises');
  return parseNpz(await fs.readFile(input), input);
}

/** Encodes arrays as an .npz: members '<key>.npy', stored (np.savez) or deflated (np.savez_compressed). */
export function encodeNpz(arrays: Record<string, NpyInput>, options: { compress?: boolean } = {}): Uint8Array {
  const files: Zippable = {};
  for (const [key, arr] of Object.entries(arrays)) {
    if (key.length === 0 || key.includes('/'))
      throw new NpyError(`encodeNpz: array name ${JSON.stringify(key)} is not a valid member name`);
    files[`${key}.npy`] = [encodeNpy(arr), { level: options.compress ? 6 : 0 }];
  }
  return zipSync(files, { mtime: new Date('1980-01-01T00:00:00Z') });
}

/** Writes a .npy file atomically (Node). */
export async function writeNpy(path: string, array: NpyInput): Promise<void> {
  await writeFileAtomic(path, encodeNpy(array));
}

/** Writes an .npz file atomically (Node). */
export async function writeNpz(
  path: string,
  arrays: Record<string, NpyInput>,
  options: { compress?: boolean } = {},
): Promise<void> {
  await writeFileAtomic(path, encodeNpz(arrays, options));
}
