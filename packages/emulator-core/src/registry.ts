import type * as tf from '@tensorflow/tfjs';
import type { Emulator } from './emulator';
import type { EmulatorConfig } from './emulatorConfigSchema';
import { ConfigError } from './errors';

/** What an emulator package registers so that bundles of its kind can be loaded. */
export interface EmulatorKind<C extends EmulatorConfig = EmulatorConfig> {
  /** Registry key; equals `config.kind` and `Emulator.kind`. */
  kind: string;
  /** Validates JSON (fills defaults, rejects unknown keys); throws ConfigError. Usually `parseConfigWith(schema, json, kind)`. */
  parseConfig(json: unknown): C;
  /** Names and shapes of every weight tensor for this config (the loader checks the file against it). */
  weightShapes(config: C): Record<string, readonly number[]>;
  /**
   * Builds an emulator. Without `weights`, initialise randomly. With `weights`, use them: the
   * loader disposes the given tensors after `build` returns, so copy them (`tf.variable(t)` is fine).
   */
  build(config: C, weights?: Map<string, tf.Tensor>): Emulator;
}

const REGISTRY_KEY = Symbol.for('@astroemu/emulator-core/registry');
// One registry per process even if this package is loaded twice (e.g. from source and from dist).
const registry: Map<string, EmulatorKind<any>> = ((globalThis as any)[REGISTRY_KEY] ??= new Map());

/** Registers (or replaces) an emulator kind. Emulator packages call this when imported. */
export function registerEmulatorKind<C extends EmulatorConfig>(def: EmulatorKind<C>): void {
  if (typeof def?.kind !== 'string' || def.kind.length === 0) {
    throw new ConfigError(`registerEmulatorKind: 'kind' must be a non-empty string; got ${JSON.stringify(def?.kind)}`);
  }
  for (const fn of ['parseConfig', 'weightShapes', 'build'] as const) {
    if (typeof def[fn] !== 'function') {
      throw new ConfigError(
        `registerEmulatorKind: kind '${def.kind}' must provide function '${fn}'; got ${typeof def[fn]}`,
      );
    }
  }
  registry.set(def.kind, def);
}

/** Removes a kind (mostly for tests). Returns whether it was registered. */
export function unregisterEmulatorKind(kind: string): boolean {
  return registry.delete(kind);
}

/** The registered kinds, sorted. */
export function listEmulatorKinds(): string[] {
  return [...registry.keys()].sort();
}

/** The definition of `kind`, or a ConfigError that lists the known kinds. */
export function getEmulatorKind(kind: string): EmulatorKind {
  const def = registry.get(kind);
  if (!def) {
    const known = listEmulatorKinds();
    throw new ConfigError(
      `Unknown emulator kind '${kind}'; known kinds: ${known.length ? known.join(', ') : '(none registered)'}. ` +
        `Import the package that provides it (e.g. @astroemu/payne) before loading.`,
    );
  }
  return def;
}
