import * as tf from '@tensorflow/tfjs';
import { ParameterError, ShapeError, formatShape } from './errors';
import { glorotNormal, type Initializer } from './initializers';

/** One named tensor as it is saved to / loaded from a bundle (row-major float32 values). */
export interface ParameterSnapshot {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Maps a parameter's variable to the value layers use (see {@link Parameters.setAdapter}). */
export type ParameterAdapter = (variable: tf.Variable) => tf.Tensor;

export interface ParametersOptions {
  /** Seed of every initializer (default 0); parameter i gets a seed derived from this and its name. */
  seed?: number;
  /**
   * Prefix of the tf.Variable names (`${namespace}/${name}`), so that several models can live in one tfjs engine
   * (tfjs refuses two variables with the same name). Default: a unique 'params_<n>'.
   */
  namespace?: string;
}

const NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
let instances = 0;

/** 32-bit FNV-1a hash of a string. */
function hashName(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Join hierarchical name parts with '/', skipping empty ones: joinName('blocks/3', 'attention') = 'blocks/3/attention'. */
export function joinName(...parts: Array<string | number>): string {
  return parts
    .map(String)
    .filter((p) => p !== '')
    .join('/');
}

/**
 * A store of named, trainable tf.Variables: the weights of one model. Names are hierarchical
 * ('blocks/3/attention/query/kernel'); bundles save and load them by name ({@link snapshot} / {@link load}).
 */
export class Parameters {
  readonly seed: number;
  readonly namespace: string;
  private readonly vars = new Map<string, tf.Variable>();
  private readonly adapters = new Map<string, ParameterAdapter>();

  constructor(opts: ParametersOptions = {}) {
    this.seed = opts.seed ?? 0;
    if (!Number.isFinite(this.seed))
      throw new ParameterError(`Parameters: option 'seed' must be a finite number; got ${this.seed}`);
    this.namespace = opts.namespace ?? `params_${instances++}`;
  }

  /** Create a trainable float32 variable `name` of `shape`, initialised by `init` (default glorot normal). */
  create(name: string, shape: readonly number[], init: Initializer = glorotNormal()): tf.Variable {
    if (!NAME.test(name)) {
      throw new ParameterError(
        `Parameters.create: name must be '/'-separated parts of [A-Za-z0-9_.-]; got '${name}'`,
        name,
      );
    }
    if (this.vars.has(name)) throw new ParameterError(`Parameters.create: parameter '${name}' already exists`, name);
    if (!shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ShapeError(
        `Parameters.create: shape of '${name}' must be positive integers; got ${formatShape(shape)}`,
      );
    }
    const seed = (hashName(name) ^ (this.seed >>> 0)) >>> 0;
    const variable = tf.tidy(() => {
      const value = init(shape, seed);
      if (value.shape.join() !== shape.join()) {
        throw new ShapeError(
          `Parameters.create: initializer of '${name}' returned shape ${formatShape(value.shape)}; expected ${formatShape(shape)}`,
        );
      }
      return tf.variable(value.toFloat(), true, `${this.namespace}/${name}`);
    });
    this.vars.set(name, variable);
    return variable;
  }

  /** The variable `name`; throws a ParameterError if there is none. */
  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (v === undefined) {
      const known = this.names();
      const hint =
        known.length === 0 ? 'the store is empty' : `${known.length} known, e.g. '${known.slice(0, 3).join("', '")}'`;
      throw new ParameterError(`Parameters.get: no parameter '${name}' (${hint})`, name);
    }
    return v;
  }

  /**
   * The value layers use for `name` at apply time: the variable itself, or `adapter(variable)` when an adapter is
   * set (LoRA: `w => w + A·B`). Call inside tf.tidy: an adapted value is a new tensor each time.
   */
  value(name: string): tf.Tensor {
    const v = this.get(name);
    const adapter = this.adapters.get(name);
    return adapter === undefined ? v : adapter(v);
  }

  /** Route reads of `name` through `adapter` (e.g. a LoRA update); `null` removes it. */
  setAdapter(name: string, adapter: ParameterAdapter | null): void {
    this.get(name);
    if (adapter === null) this.adapters.delete(name);
    else this.adapters.set(name, adapter);
  }

  /** Names that currently have an adapter. */
  adapted(): string[] {
    return [...this.adapters.keys()];
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** Names in creation order. */
  names(): string[] {
    return [...this.vars.keys()];
  }

  /** [name, variable] pairs in creation order. */
  entries(): Array<[string, tf.Variable]> {
    return [...this.vars.entries()];
  }

  /** The variables in creation order (e.g. for an optimizer's varList). */
  variables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Number of variables. */
  get size(): number {
    return this.vars.size;
  }

  /** Total number of scalar parameters. */
  count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  /** Overwrite the values of `name`; a tensor must have the same shape, an array the same number of elements. */
  assign(name: string, values: tf.Tensor | Float32Array | Float64Array | readonly number[]): void {
    const v = this.get(name);
    if (values instanceof tf.Tensor) {
      if (values.shape.join() !== v.shape.join()) {
        throw new ShapeError(
          `Parameters.assign: '${name}' has shape ${formatShape(v.shape)}; got values of shape ${formatShape(values.shape)}`,
        );
      }
      tf.tidy(() => v.assign(values.toFloat()));
      return;
    }
    if (values.length !== v.size) {
      throw new ShapeError(
        `Parameters.assign: '${name}' has shape ${formatShape(v.shape)} (${v.size} values); got ${values.length} values`,
      );
    }
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) {
        throw new ParameterError(
          `Parameters.assign: values of '${name}' must be finite; element ${i} is ${values[i]}`,
          name,
        );
      }
    }
    tf.tidy(() => v.assign(tf.tensor(Float32Array.from(values), v.shape, 'float32')));
  }

  /** Names, shapes and values of every parameter (copies), in creation order. */
  snapshot(): ParameterSnapshot[] {
    return this.entries().map(([name, v]) => ({ name, shape: [...v.shape], values: v.dataSync() as Float32Array }));
  }

  /**
   * Assign every entry of `snapshot` by name, checking shapes. With `strict` (default) the names must be exactly
   * this store's names: a missing or unexpected name is an error. Nothing is assigned if any check fails.
   */
  load(snapshot: Iterable<ParameterSnapshot>, opts: { strict?: boolean } = {}): void {
    const strict = opts.strict ?? true;
    const items = [...snapshot];
    const seen = new Set<string>();
    for (const { name, shape, values } of items) {
      if (seen.has(name)) throw new ParameterError(`Parameters.load: parameter '${name}' appears twice`, name);
      seen.add(name);
      const v = this.vars.get(name);
      if (v === undefined) {
        if (strict)
          throw new ParameterError(`Parameters.load: unexpected parameter '${name}' (not in this model)`, name);
        continue;
      }
      if (shape.join() !== v.shape.join()) {
        throw new ShapeError(`Parameters.load: '${name}' has shape ${formatShape(v.shape)}; got ${formatShape(shape)}`);
      }
      const size = shape.reduce((a, b) => a * b, 1);
      if (values.length !== size) {
        throw new ShapeError(
          `Parameters.load: '${name}' of shape ${formatShape(shape)} needs ${size} values; got ${values.length}`,
        );
      }
      const bad = values.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) {
        throw new ParameterError(
          `Parameters.load: values of '${name}' must be finite; element ${bad} is ${values[bad]}`,
          name,
        );
      }
    }
    if (strict) {
      const missing = this.names().filter((n) => !seen.has(n));
      if (missing.length > 0) {
        throw new ParameterError(
          `Parameters.load: ${missing.length} parameter(s) missing from the snapshot, e.g. '${missing.slice(0, 3).join("', '")}'`,
          missing[0],
        );
      }
    }
    for (const { name, values } of items) if (this.vars.has(name)) this.assign(name, values);
  }

  /** Dispose every variable and empty the store. */
  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    this.adapters.clear();
  }
}
