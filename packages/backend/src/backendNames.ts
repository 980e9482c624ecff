/** Every backend `initBackend` knows, in no particular order. */
export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** Name of a TensorFlow.js backend as `tf.getBackend()` reports it. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Whether `name` is one of {@link BACKEND_NAMES}. */
export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}
