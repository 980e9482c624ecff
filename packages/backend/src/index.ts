export { initBackend, poolWorkerNativeBlas } from './initBackend';
export type { InitBackendOptions } from './initBackend';
export { BACKEND_NAMES, isBackendName } from './backendNames';
export type { BackendName } from './backendNames';
export { BackendError } from './BackendError';
export { isNode } from './isNode';
export { hostBlas, setHostBlas } from './hostBlas';
export type { HostBlas } from './hostBlas';
export { readFloat32Into } from './readInto';
