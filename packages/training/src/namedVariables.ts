import type * as tf from '@tensorflow/tfjs';
import type { Emulator } from '@astroemu/emulator-core';

/** A store of named variables (e.g. @astroemu/attention's Parameters). */
export interface NamedVariableStore {
  entries(): Array<[string, tf.Variable]>;
}

/**
 * The emulator's trainable variables with their parameter names: from `emulator.parameters` (the
 * convention every emulator follows) when present, otherwise `trainableVariables()` named after the
 * `weights()` entry holding the same tensor (or the tf.Variable name).
 */
export function namedVariables(emulator: Emulator): Array<[string, tf.Variable]> {
  const store = (emulator as { parameters?: Partial<NamedVariableStore> }).parameters;
  if (store && typeof store.entries === 'function') return store.entries();
  const byId = new Map<number, string>();
  for (const [name, t] of emulator.weights()) byId.set(t.id, name);
  return emulator.trainableVariables().map((v) => [byId.get(v.id) ?? v.name, v]);
}
