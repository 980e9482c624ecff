import { ConfigError, DomainError } from '@astroemu/emulator-core';

/**
 * One observation type of the vocabulary (a spectral coefficient or pixel, a label, a colour…). Values are
 * standardised inside the model as (value − center) / scale; callers always use physical units.
 */
export interface TokenSpec {
  name: string;
  unit?: string;
  center: number;
  scale: number;
}

/** Token id of padding (missing values and unused context slots); real types have ids 1 … n. */
export const PADDING_ID = 0;

/** The observation types of a model: token id i + 1 is `tokens[i]`; id 0 is padding. */
export interface Vocabulary {
  readonly tokens: readonly TokenSpec[];
  /** Number of ids, padding included (tokens.length + 1). */
  readonly size: number;
  /** The id of a type given by name or id; throws a DomainError naming the known types otherwise. */
  id(type: string | number, who?: string): number;
  /** The name of a (non-padding) id. */
  name(id: number): string;
  /** The spec of a (non-padding) id. */
  spec(id: number): TokenSpec;
}

/** Builds a vocabulary; names must be unique, centers finite and scales finite and positive. */
export function createVocabulary(tokens: readonly TokenSpec[]): Vocabulary {
  const byName = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (byName.has(t.name))
      throw new ConfigError(`createVocabulary: token names must be unique; '${t.name}' appears twice`);
    if (!Number.isFinite(t.center) || !(Number.isFinite(t.scale) && t.scale > 0)) {
      throw new ConfigError(
        `createVocabulary: token '${t.name}' needs a finite center and a positive scale; got center ${t.center}, scale ${t.scale}`,
      );
    }
    byName.set(t.name, i + 1);
  });
  const frozen = Object.freeze(tokens.map((t) => Object.freeze({ ...t })));
  const spec = (id: number): TokenSpec => {
    const t = frozen[id - 1];
    if (t === undefined)
      throw new DomainError(`Vocabulary.spec: id must be an integer in [1, ${frozen.length}]; got ${id}`);
    return t;
  };
  return {
    tokens: frozen,
    size: frozen.length + 1,
    id(type, who = 'Vocabulary.id') {
      if (typeof type === 'number') {
        if (Number.isInteger(type) && type >= 1 && type <= frozen.length) return type;
        throw new DomainError(
          `${who}: token id must be an integer in [1, ${frozen.length}] (0 is padding); got ${type}`,
        );
      }
      const id = byName.get(type);
      if (id === undefined) {
        const known = frozen.map((t) => t.name);
        const list =
          known.length > 8 ? `${known.slice(0, 8).join(', ')}, … (${known.length} in all)` : known.join(', ');
        throw new DomainError(`${who}: unknown observation type '${type}'; expected one of ${list}`);
      }
      return id;
    },
    name: (id) => spec(id).name,
    spec,
  };
}
