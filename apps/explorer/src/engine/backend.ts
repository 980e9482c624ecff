import { initBackend, type BackendName } from '@astroemu/backend';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Folder (served next to the page) that holds tfjs-backend-wasm's .wasm files; see vite.config.ts. */
export const WASM_DIR = 'tfjs-wasm/';

/** Backends the page offers (the browser ones). */
export const PAGE_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Points tfjs-backend-wasm at the served .wasm files and initialises `backend` (or the best available). */
export async function startBackend(backend: BackendName | undefined, baseUrl: string): Promise<BackendName> {
  setWasmPaths(new URL(WASM_DIR, baseUrl).href);
  return initBackend(backend === undefined ? {} : { backend });
}
