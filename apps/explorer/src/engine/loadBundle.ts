// Importing the emulator packages registers their kinds ('payne', 'transformer-payne') with emulator-core.
import '@astroemu/payne';
import '@astroemu/transformer-payne';
import { BUNDLE_FILES, decodeBundle, type Emulator } from '@astroemu/emulator-core';
import { BUNDLE_FETCH_FILES } from '../state/bundleSource';

/** The bytes of a bundle's files fetched from a folder URL (config.json and weights.safetensors required). */
export async function fetchBundleFiles(baseUrl: string, files: readonly string[] = BUNDLE_FETCH_FILES): Promise<Record<string, Uint8Array>> {
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
        if (name === BUNDLE_FILES.config || name === BUNDLE_FILES.weights) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
        return;
      }
      out[name] = new Uint8Array(await res.arrayBuffer());
    }),
  );
  return out;
}

/** Builds the emulator from in-memory bundle files (integrity checked when integrity.json is present). */
export async function decodeBundleFiles(files: Record<string, Uint8Array>): Promise<Emulator> {
  return decodeBundle(files, { verifyIntegrity: files[BUNDLE_FILES.integrity] !== undefined });
}
