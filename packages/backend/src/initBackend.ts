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
   * Node + wasm only: route the wasm backend's matMuls (and the fitters' host products, see {@link hostBlas}) through
   * the optional `@astroemu/native-blas` accelerator (OpenBLAS; 2–4× the wasm speed here).
   * - `'auto'` (the default): on when the addon is built and loads, else plain wasm, silently ("the best that loads").
   * - `true` or `{ threads }`: required; not loadable rejects with a {@link BackendError} that says how to build it.
   * - `false`: off.
   * - `{ threads, required: false }`: 'auto' with a thread count (what each worker of a pool uses: `{ threads: 1 }`).
   * Without the option, ASTROEMU_NATIVE_BLAS decides: 1 = required, 0 = off, unset = 'auto'; threads from
   * ASTROEMU_NATIVE_BLAS_THREADS, else OpenBLAS's default (every core). No effect on any other backend.
   */
  nativeBlas?: boolean | 'auto' | { threads?: number; required?: boolean };
}

const NATIVE_BLAS_HINT =
  "install Debian's libopenblas-dev (plus g++, make, python3), then build the addon: npm run build:native -w @astroemu/native-blas";

function envVar(name: string): string | undefined {
  if (!isNode()) return undefined;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

interface NativeBlasRequest {
  threads?: number;
  /** Reject when the addon cannot load (else carry on without it). */
  required: boolean;
  source: string;
}

/** The accelerator's options from opts.nativeBlas, else from ASTROEMU_NATIVE_BLAS / ASTROEMU_NATIVE_BLAS_THREADS; undefined = off. */
function nativeBlasRequest(opts: InitBackendOptions): NativeBlasRequest | undefined {
  const t = envVar('ASTROEMU_NATIVE_BLAS_THREADS');
  const envThreads = t === undefined ? undefined : Number(t);
  if (envThreads !== undefined && !(Number.isInteger(envThreads) && envThreads >= 1)) {
    throw new BackendError(`initBackend: ASTROEMU_NATIVE_BLAS_THREADS must be an integer ≥ 1; got '${t}'`);
  }
  const o = opts.nativeBlas;
  if (o !== undefined) {
    if (o === false) return undefined;
    if (o === true) return { required: true, source: 'opts.nativeBlas' };
    if (o === 'auto')
      return {
        ...(envThreads === undefined ? {} : { threads: envThreads }),
        required: false,
        source: 'opts.nativeBlas',
      };
    return {
      ...(o.threads === undefined ? {} : { threads: o.threads }),
      required: o.required ?? true,
      source: 'opts.nativeBlas',
    };
  }
  const flag = envVar('ASTROEMU_NATIVE_BLAS');
  if (flag === '0') return undefined;
  if (flag !== undefined && flag !== '1')
    throw new BackendError(`initBackend: ASTROEMU_NATIVE_BLAS must be 1 or 0; got '${flag}'`);
  return {
    ...(envThreads === undefined ? {} : { threads: envThreads }),
    required: flag === '1',
    source: 'ASTROEMU_NATIVE_BLAS',
  };
}

/** Turn the accelerator on for the wasm backend in Node, or reject saying why it cannot load. */
async function enableNativeBlas(request: NativeBlasRequest): Promise<void> {
  let why: string;
  try {
    const m = (await importOptional('@astroemu/native-blas')) as {
      enableNativeMatMul: (o: { threads?: number }) => boolean;
      nativeBlasLoadError: () => string | undefined;
      loadNativeBlas: () => HostBlas | undefined;
      isNativeMatMulEnabled: () => boolean;
    };
    if (m.enableNativeMatMul(request.threads === undefined ? {} : { threads: request.threads })) {
      setHostBlas(m.loadNativeBlas(), m.isNativeMatMulEnabled);
      return;
    }
    why = m.nativeBlasLoadError() ?? 'enableNativeMatMul returned false';
  } catch (e) {
    why = e instanceof Error ? e.message : String(e);
  }
  if (!request.required) return;
  throw new BackendError(
    `initBackend: the native OpenBLAS accelerator (requested by ${request.source}) could not be loaded (${why}); ${NATIVE_BLAS_HINT}`,
    'wasm',
  );
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
 * In Node, the wasm backend's matMuls run in the optional OpenBLAS addon when it is built (opts.nativeBlas: 'auto').
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

/**
 * The `nativeBlas` option for a worker thread of a pool: one OpenBLAS thread per worker (the pool is the
 * parallelism), and `requested` (the pool's own option; default: ASTROEMU_NATIVE_BLAS, else 'auto') for whether the
 * accelerator is required, tried or off.
 */
export function poolWorkerNativeBlas(requested?: boolean | 'auto'): InitBackendOptions['nativeBlas'] {
  const flag = envVar('ASTROEMU_NATIVE_BLAS');
  const mode = requested ?? (flag === '1' ? true : flag === '0' ? false : 'auto');
  return mode === false ? false : { threads: 1, required: mode === true };
}
