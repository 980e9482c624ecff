/**
 * Thrown when a backend cannot be selected or loaded, e.g.
 * "initBackend: backend 'tensorflow' (forced by ASTROEMU_BACKEND) could not be loaded: install @tensorflow/tfjs-node …".
 */
export class BackendError extends Error {
  /** The backend concerned, when there is one. */
  readonly backend?: string;
  constructor(message: string, backend?: string) {
    super(message);
    this.name = 'BackendError';
    if (backend !== undefined) this.backend = backend;
  }
}
