import { initBackend, type BackendName, type InitBackendOptions } from '@astroemu/backend';
import {
  BUNDLE_FILES,
  BundleError,
  decodeBundle,
  loadEmulator,
  type Emulator,
  type LoadEmulatorOptions,
} from '@astroemu/emulator-core';
import { importAetBundle } from '@astroemu/payne';
import { EmulatorHandle } from './EmulatorHandle';
import { registerBuiltInKinds } from './registerBuiltInKinds';

/** A bundle folder (Node), or its files in memory by name (browsers fetch them). */
export type EmulatorSource = string | Map<string, Uint8Array> | Readonly<Record<string, Uint8Array>>;

export interface OpenEmulatorOptions extends LoadEmulatorOptions {
  /** Backend to initialise (default: the best that loads, see @astroemu/backend); `false` keeps the current one. */
  backend?: BackendName | false;
  /** The optional OpenBLAS accelerator (Node + wasm), as initBackend takes it (default 'auto'). */
  nativeBlas?: InitBackendOptions['nativeBlas'];
}

const AET_METADATA = 'metadata.json';

/**
 * Opens any emulator astroemu knows: an astroemu bundle of any built-in kind (payne, bigpayne, conv,
 * transformer-payne) or an astro-emulators-toolkit MLP bundle (imported as a Payne). Registers the kinds,
 * initialises the best backend, and returns a handle that predicts, fits, saves and disposes.
 *
 *     const emulator = await openEmulator('bundles/payne');
 *     const flux = emulator.predict({ Teff: 5777, logg: 4.44, Fe_H: 0 });
 */
export async function openEmulator(source: EmulatorSource, options: OpenEmulatorOptions = {}): Promise<EmulatorHandle> {
  registerBuiltInKinds();
  if (options.backend !== false) {
    await initBackend({
      ...(options.backend && { backend: options.backend }),
      ...(options.nativeBlas !== undefined && { nativeBlas: options.nativeBlas }),
    });
  }
  return new EmulatorHandle(await build(source, options));
}

async function build(source: EmulatorSource, options: LoadEmulatorOptions): Promise<Emulator> {
  const load = { verifyIntegrity: options.verifyIntegrity, verifyFingerprint: options.verifyFingerprint };
  if (typeof source === 'string') {
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    const has = (name: string) =>
      fs.access(path.join(source, name)).then(
        () => true,
        () => false,
      );
    if (await has(BUNDLE_FILES.weights)) return loadEmulator(source, load);
    if (await has(AET_METADATA)) return importAetBundle(source);
    throw new BundleError(
      `openEmulator: '${source}' is not an emulator bundle: expected ${BUNDLE_FILES.config} + ${BUNDLE_FILES.weights} (astroemu) or ${AET_METADATA} (astro-emulators-toolkit)`,
    );
  }
  const files = source instanceof Map ? source : new Map(Object.entries(source));
  if (files.has(BUNDLE_FILES.weights)) {
    return decodeBundle(files, {
      ...load,
      verifyIntegrity: options.verifyIntegrity ?? files.has(BUNDLE_FILES.integrity),
    });
  }
  if (files.has(AET_METADATA)) return importAetBundle(files);
  throw new BundleError(
    `openEmulator: the files given (${[...files.keys()].join(', ') || 'none'}) are not an emulator bundle: expected ${BUNDLE_FILES.config} + ${BUNDLE_FILES.weights} or ${AET_METADATA}`,
  );
}
