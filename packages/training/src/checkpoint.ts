import { readSafetensors, writeSafetensors, type SafetensorsTensor } from '@astroemu/emulator-core';
import { CheckpointError } from './errors';

/** Format written by {@link writeCheckpoint}. */
export const CHECKPOINT_FORMAT = 'astroemu-training-checkpoint';
export const CHECKPOINT_VERSION = 1;
/** File name of the checkpoint inside a run's checkpoint folder. */
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

/** A named float32 tensor held on the host. */
export interface HostTensor {
  shape: number[];
  values: Float32Array;
}

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainingCheckpoint {
  /** Number of completed updates. */
  step: number;
  /** Settings that must match on resume (seed, batch size, schedule…), as plain JSON. */
  run: Record<string, unknown>;
  /** uint32 states of the run's random generators, by use. */
  random: Record<string, number>;
  /** Data-sampler position. */
  sampler: { epoch: number; cursor: number };
  /** Model (and adapter) parameters by name. */
  weights: Map<string, HostTensor>;
  /** Optimiser: update count and moments by parameter name (same shapes as `weights`). */
  optimizer: { step: number; m: Map<string, Float32Array>; v: Map<string, Float32Array> };
  /** Best validation value per metric, with the step and the weights that reached it. */
  best: Record<string, { value: number; step: number; weights: Map<string, Float32Array> }>;
  /** Free-form JSON (last loss, …). */
  extra?: Record<string, unknown>;
}

/** Serialises a checkpoint to safetensors bytes: tensors `weights/…`, `optimizer/m|v/…`, `best/<metric>/…`; the rest as JSON metadata. */
export function encodeCheckpoint(ckpt: TrainingCheckpoint): Uint8Array {
  const who = 'encodeCheckpoint';
  const tensors = new Map<string, SafetensorsTensor>();
  const shapeOf = (name: string, where: string, values: Float32Array): number[] => {
    const w = ckpt.weights.get(name);
    if (!w) throw new CheckpointError(`${who}: ${where} has parameter '${name}' that 'weights' lacks`);
    if (w.values.length !== values.length) {
      throw new CheckpointError(
        `${who}: ${where} of '${name}' has ${values.length} values; the weight has ${w.values.length}`,
      );
    }
    return w.shape;
  };
  for (const [name, w] of ckpt.weights)
    tensors.set(`weights/${name}`, { dtype: 'F32', shape: w.shape, data: w.values });
  for (const key of ['m', 'v'] as const) {
    for (const [name, values] of ckpt.optimizer[key]) {
      tensors.set(`optimizer/${key}/${name}`, {
        dtype: 'F32',
        shape: shapeOf(name, `optimizer.${key}`, values),
        data: values,
      });
    }
  }
  const best: Record<string, { value: number; step: number }> = {};
  for (const [metric, b] of Object.entries(ckpt.best)) {
    best[metric] = { value: b.value, step: b.step };
    for (const [name, values] of b.weights) {
      tensors.set(`best/${metric}/${name}`, {
        dtype: 'F32',
        shape: shapeOf(name, `best.${metric}`, values),
        data: values,
      });
    }
  }
  const state = {
    version: CHECKPOINT_VERSION,
    step: ckpt.step,
    run: ckpt.run,
    random: ckpt.random,
    sampler: ckpt.sampler,
    optimizerStep: ckpt.optimizer.step,
    best,
    extra: ckpt.extra ?? {},
  };
  return writeSafetensors(tensors, { format: CHECKPOINT_FORMAT, state: JSON.stringify(state) });
}

/** Inverse of {@link encodeCheckpoint}. */
export function decodeCheckpoint(bytes: Uint8Array, file = 'checkpoint'): TrainingCheckpoint {
  const who = 'readCheckpoint';
  let parsed;
  try {
    parsed = readSafetensors(bytes);
  } catch (e) {
    throw new CheckpointError(`${who}: '${file}' is not a readable safetensors file: ${(e as Error).message}`);
  }
  const { tensors, metadata } = parsed;
  if (metadata.format !== CHECKPOINT_FORMAT || typeof metadata.state !== 'string') {
    throw new CheckpointError(
      `${who}: '${file}' has format ${JSON.stringify(metadata.format)}; expected '${CHECKPOINT_FORMAT}'`,
    );
  }
  const state = JSON.parse(metadata.state) as {
    version: number;
    step: number;
    run: Record<string, unknown>;
    random: Record<string, number>;
    sampler: { epoch: number; cursor: number };
    optimizerStep: number;
    best: Record<string, { value: number; step: number }>;
    extra: Record<string, unknown>;
  };
  if (state.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      `${who}: '${file}' has checkpoint version ${state.version}; this reader supports ${CHECKPOINT_VERSION}`,
    );
  }
  const weights = new Map<string, HostTensor>();
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  const best: TrainingCheckpoint['best'] = {};
  for (const [metric, b] of Object.entries(state.best)) best[metric] = { ...b, weights: new Map() };
  for (const [key, t] of tensors) {
    if (!(t.data instanceof Float32Array))
      throw new CheckpointError(`${who}: tensor '${key}' in '${file}' must be F32; got ${t.dtype}`);
    const slash = key.indexOf('/');
    const group = key.slice(0, slash);
    const rest = key.slice(slash + 1);
    if (group === 'weights') weights.set(rest, { shape: t.shape, values: t.data });
    else if (key.startsWith('optimizer/m/')) m.set(key.slice(12), t.data);
    else if (key.startsWith('optimizer/v/')) v.set(key.slice(12), t.data);
    else if (group === 'best') {
      const s = rest.indexOf('/');
      const entry = best[rest.slice(0, s)];
      if (!entry) throw new CheckpointError(`${who}: tensor '${key}' in '${file}' belongs to no recorded best metric`);
      entry.weights.set(rest.slice(s + 1), t.data);
    } else throw new CheckpointError(`${who}: unexpected tensor '${key}' in '${file}'`);
  }
  return {
    step: state.step,
    run: state.run,
    random: state.random,
    sampler: state.sampler,
    weights,
    optimizer: { step: state.optimizerStep, m, v },
    best,
    extra: state.extra,
  };
}

/**
 * Writes `<dir>/checkpoint.safetensors` atomically: the bytes go to a temporary file in the same
 * folder, are flushed to disk (fsync), then renamed over the old file, so a run killed at any moment
 * leaves either the previous or the new checkpoint, never a torn one. Returns the file path.
 */
export async function writeCheckpoint(dir: string, ckpt: TrainingCheckpoint): Promise<string> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const bytes = encodeCheckpoint(ckpt);
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, CHECKPOINT_FILE);
  const tmp = path.join(dir, `.${CHECKPOINT_FILE}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return target;
}

/** Reads `<dir>/checkpoint.safetensors`, or returns undefined when there is none. */
export async function readCheckpoint(dir: string): Promise<TrainingCheckpoint | undefined> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const file = path.join(dir, CHECKPOINT_FILE);
  const bytes = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!bytes) return undefined;
  return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
}
