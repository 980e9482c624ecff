import type { Emulator } from '@astroemu/emulator-core';
import { openEmulator } from '@astroemu/emulators';
import { ArgumentError } from './errors';

/**
 * Loads `--emulator DIR` through the front door (any built-in kind, or an astro-emulators-toolkit bundle; the app
 * has initialised the backend); a missing or broken bundle is an argument error.
 */
export async function loadBundle(dir: string | undefined): Promise<Emulator> {
  if (!dir)
    throw new ArgumentError('--emulator', 'is required: a bundle folder written by astroemu-train or saveEmulator');
  try {
    return (await openEmulator(dir, { backend: false })).emulator;
  } catch (e) {
    throw new ArgumentError('--emulator', `cannot load bundle '${dir}': ${(e as Error).message}`);
  }
}

/** Checks label names against the emulator; the error lists the known ones. */
export function checkLabelNames(flag: string, names: readonly string[], emulator: Emulator): void {
  const known = emulator.labels.map((l) => l.name);
  for (const n of names) {
    if (!known.includes(n))
      throw new ArgumentError(flag, `names unknown label '${n}'; the emulator's labels are ${known.join(', ')}`);
  }
}
