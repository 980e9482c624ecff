// The union package registers every gradient and the cpu/webgl backends; never import tfjs-core alone here.
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, isBackendName, type BackendName } from './backendNames';
import { BackendError } from './BackendError';
import { isNode } from './isNode';
import { type HostBlas, setHostBlas } from './hostBlas';

export interface InitBackendOptions {
  /** Force this backend (takes precedence over the ASTROEMU_BACKEND environment variable). */
  backend?: BackendName;
  /**
   * Node + wasm only: route the wasm backend's matMuls through the optional `@astroemu/native-blas` accelerator
   * (OpenBLAS; 2–3× the wasm speed here). Default: on when the env variable ASTROEMU_NATIVE_BLAS=1 (threads from
   * ASTROEMU_NATIVE_BLAS_THREADS, else OpenBLAS's default: every core). Use `{ threads: 1 }` in each worker thread
   * of a pool. Requested but not loadable: rejects with a {@link BackendError} that says how to build it.
   * No effect on any other backend.
   */
  nativeBlas?: boolean | { threads?: number };
}

const NATIVE_BLAS_HINT =
  "install Debian's libopenblas-dev (plus g++, make, python3), then build the addon: npm run build:native -w @astroemu/native-blas";

function envVar(name: string): string | undefined {
  if (!isNode()) return undefined;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** The accelerator's options from opts.nativeBlas, else from ASTROEMU_NATIVE_BLAS / ASTROEMU_NATIVE_BLAS_THREADS; undefined = off. */
function nativeBlasRequest(opts: InitBackendOptions): { threads?: number; source: string } | undefined {
  if (opts.nativeBlas !== undefined) {
    if (opts.nativeBlas === false) return undefined;
    return { ...(opts.nativeBlas === true ? {} : opts.nativeBlas), source: 'opts.nativeBlas' };
  }
  const flag = envVar('ASTROEMU_NATIVE_BLAS');
  if (flag === undefined || flag === '0') return undefined;
  if (flag !== '1') throw new BackendError(`initBackend: ASTROEMU_NATIVE_BLAS must be 1 or 0; got '${flag}'`);
  const t = envVar('ASTROEMU_NATIVE_BLAS_THREADS');
  const threads = t === undefined ? undefined : Number(t);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new BackendError(`initBackend: ASTROEMU_NATIVE_BLAS_THREADS must be an integer ≥ 1; got '${t}'`);
  }
  return { ...(threads === undefined ? {} : { threads }), source: 'ASTROEMU_NATIVE_BLAS' };
}

/** Turn the accelerator on for the wasm backend in Node, or reject saying why it cannot load. */
async function enableNativeBlas(request: { threads?: number; source: string }): Promise<void> {
  let why: string;
  try {
    const m = (await importOptional('@astroemu/native-blas')) as {
      enableNativeMatMul: (o: { threads?: number }) => boolean;
      nativeBlasLoadError: () => string | undefined;
      loadNativeBlas: () => HostBlas | undefined;
    };
    if (m.enableNativeMatMul(request.threads === undefined ? {} : { threads: request.threads })) {
      setHostBlas(m.loadNativeBlas());
      return;
    }
    why = m.nativeBlasLoadError() ?? 'enableNativeMatMul returned false';
  } catch (e) {
    why = e instanceof Error ? e.message : String(e);
  }
  throw new BackendError(`initBackend: the native OpenBLAS accelerator (requested by ${request.source}) could not be loaded (${why}); ${NATIVE_BLAS_HINT}`, 'wasm');
}

/** Automatic order when nothing is forced. */
const NODE_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const BROWSER_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What to tell the user when a forced backend cannot load. */
const INSTALL_HINT: Record<BackendName, string> = {
  tensorflow:
    'install @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA), version 4.22.0; their installer downloads libtensorflow and fails without access to storage.googleapis.com',
  webgpu:
    'install @tensorflow/tfjs-backend-webgpu 4.22.0 and run where navigator.gpu exists (a WebGPU browser, or Node with the `webgpu` package assigned to globalThis.navigator before initBackend)',
  webgl: 'webgl needs a browser with WebGL (it cannot run in Node); install @tensorflow/tfjs (which ships it)',
  wasm: 'install @tensorflow/tfjs-backend-wasm 4.22.0 (its .wasm files must be reachable; see setWasmPaths)',
  cpu: 'install @tensorflow/tfjs 4.22.0',
};


/** Import a module whose name is not known to the bundler (optional peers). */
async function importOptional(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name);
}

let wasmLoaded: Promise<void> | undefined;
async function loadWasm(): Promise<void> {
  wasmLoaded ??= import('@tensorflow/tfjs-backend-wasm').then(() => undefined);
  return wasmLoaded;
}

/** Point the wasm backend at the .wasm files inside the installed package (Node only). */
async function setNodeWasmPaths(): Promise<boolean> {
  try {
    const { createRequire } = (await importOptional('node:module')) as typeof import('node:module');
    const { dirname, join } = (await importOptional('node:path')) as typeof import('node:path');
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(dir);
    return true;
  } catch {
    return false;
  }
}

async function trySet(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') {
      if (tf.findBackendFactory('tensorflow') == null) {
        try {
          await importOptional('@tensorflow/tfjs-node-gpu');
        } catch {
          await importOptional('@tensorflow/tfjs-node');
        }
      }
    } else if (name === 'wasm') {
      await loadWasm();
    } else if (name === 'webgpu') {
      if (isNode() && (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu == null) {
        return 'navigator.gpu is not defined';
      }
      await import('@tensorflow/tfjs-backend-webgpu');
    } else if (name === 'webgl' && isNode()) {
      return 'webgl is not available in Node';
    }
    if (tf.findBackendFactory(name) == null) return `no backend '${name}' is registered`;
    let ok = await tf.setBackend(name);
    if (!ok && name === 'wasm' && isNode() && (await setNodeWasmPaths())) ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Select and initialise a TensorFlow.js backend; resolves to the name of the backend that was set.
 *
 * Order without a forced choice — Node: tensorflow (tfjs-node-gpu / tfjs-node, when installed), wasm (SIMD), cpu;
 * browser: webgpu, webgl, wasm, cpu. `opts.backend`, else the env variable `ASTROEMU_BACKEND`, forces one backend;
 * a forced backend that cannot load rejects with a {@link BackendError} that says what to install.
 * Gradients are registered whatever the backend (this module imports the union `@tensorflow/tfjs`).
 * With `opts.nativeBlas` (or ASTROEMU_NATIVE_BLAS=1) the wasm backend's matMuls run in the optional OpenBLAS addon.
 */
export async function initBackend(opts: InitBackendOptions = {}): Promise<BackendName> {
  const name = await selectBackend(opts);
  const native = nativeBlasRequest(opts);
  if (native !== undefined && name === 'wasm' && isNode()) await enableNativeBlas(native);
  return name;
}

async function selectBackend(opts: InitBackendOptions): Promise<BackendName> {
  let forced: string | undefined = opts.backend;
  let source = 'opts.backend';
  if (forced === undefined) {
    forced = envVar('ASTROEMU_BACKEND');
    source = 'ASTROEMU_BACKEND';
  }
  if (forced !== undefined) {
    if (!isBackendName(forced)) {
      throw new BackendError(
        `initBackend: ${source} must be one of ${BACKEND_NAMES.join(', ')}; got '${forced}'`,
        forced,
      );
    }
    const why = await trySet(forced);
    if (why !== undefined) {
      throw new BackendError(
        `initBackend: backend '${forced}' (forced by ${source}) could not be loaded (${why}); ${INSTALL_HINT[forced]}`,
        forced,
      );
    }
    return forced;
  }
  const reasons: string[] = [];
  for (const name of isNode() ? NODE_ORDER : BROWSER_ORDER) {
    const why = await trySet(name);
    if (why === undefined) return name;
    reasons.push(`${name}: ${why}`);
  }
  throw new BackendError(`initBackend: no TensorFlow.js backend could be initialised (${reasons.join('; ')})`);
}
