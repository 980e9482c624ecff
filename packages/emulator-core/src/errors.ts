/**
 * Typed errors of @astroemu/emulator-core. Messages say who, what, expected and got, e.g.
 * "readSafetensors: tensor 'w' has data_offsets [0, 12] (12 bytes) but dtype F32 × shape [2, 2] needs 16 bytes".
 */

import { AstroemuError } from '@astroemu/errors';

// The base class, ShapeError and DomainError are the shared ones of @astroemu/errors (instanceof holds across packages).
export { AstroemuError, DomainError, ShapeError } from '@astroemu/errors';

/** A malformed safetensors file or an unsupported tensor given to the writer. */
export class SafetensorsError extends AstroemuError {}

/** A model bundle that cannot be saved or loaded: missing file, sha256 mismatch, missing tensor, wrong shape, NaN weight, newer format… */
export class BundleError extends AstroemuError {
  /** The bundle file concerned (e.g. 'weights.safetensors'), when there is one. */
  readonly file?: string;
  /** The tensor concerned, when there is one. */
  readonly tensor?: string;
  constructor(message: string, details: { file?: string; tensor?: string } = {}) {
    super(message);
    if (details.file !== undefined) this.file = details.file;
    if (details.tensor !== undefined) this.tensor = details.tensor;
  }
}

/** An emulator config that does not match its schema, or an unknown emulator kind. */
export class ConfigError extends AstroemuError {
  /** One line per problem, e.g. "architecture.hidden: expected number, got string". */
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[] = []) {
    super(message);
    this.issues = issues;
  }
}
