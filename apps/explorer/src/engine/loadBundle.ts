import { BUNDLE_FILES, type Emulator } from '@astroemu/emulator-core';
import { openEmulator, type EmulatorHandle } from '@astroemu/emulators';
import { BUNDLE_FETCH_FILES } from '../state/bundleSource';

/** The bytes of a bundle's files fetched from a folder URL (config.json and weights.safetensors required). */
export async function fetchBundleFiles(
  baseUrl: string,
  files: readonly string[] = BUNDLE_FETCH_FILES,
): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  await Promise.all(
    files.map(async (name) => {
      const url = new URL(name, baseUrl).href;
      let res: Response;
      try {
        res = await fetch(url);
      } catch (e) {
        throw new Error(`could not fetch ${url}: ${(e as Error).message}`);
      }
      if (!res.ok) {
        if (name === BUNDLE_FILES.config || name === BUNDLE_FILES.weights)
          throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
        return;
      }
      out[name] = new Uint8Array(await res.arrayBuffer());
    }),
  );
  return out;
}

/**
 * Opens in-memory bundle files with the front door (every built-in kind: payne, conv, transformer-payne; integrity
 * checked when integrity.json is present) on the backend the page already started.
 */
export async function openBundleFiles(files: Record<string, Uint8Array>): Promise<EmulatorHandle> {
  return openEmulator(files, { backend: false });
}

/** The tfjs emulator of in-memory bundle files (see openBundleFiles). */
export async function decodeBundleFiles(files: Record<string, Uint8Array>): Promise<Emulator> {
  return (await openBundleFiles(files)).emulator;
}
