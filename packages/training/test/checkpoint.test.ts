import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import {
  decodeCheckpoint,
  encodeCheckpoint,
  readCheckpoint,
  writeCheckpoint,
  type TrainingCheckpoint,
} from '../src/checkpoint';

const dir = mkdtempSync(join(tmpdir(), 'astroemu-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ckpt = (step: number): TrainingCheckpoint => ({
  step,
  run: { seed: 1, schedule: { kind: 'constant', value: 1e-3 } },
  random: { wavelength: 123456789 },
  sampler: { epoch: 2, cursor: 5 },
  weights: new Map([['input/kernel', { shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, step]) }]]),
  optimizer: {
    step,
    m: new Map([['input/kernel', new Float32Array(6).fill(0.5)]]),
    v: new Map([['input/kernel', new Float32Array(6).fill(0.25)]]),
  },
  best: { mae: { value: 0.01, step: 3, weights: new Map([['input/kernel', new Float32Array(6).fill(7)]]) } },
  extra: { loss: 0.1 },
});

test('a checkpoint round-trips through safetensors bytes', () => {
  expect(decodeCheckpoint(encodeCheckpoint(ckpt(4)))).toEqual(ckpt(4));
});

test('writeCheckpoint replaces the file atomically and leaves no temporary file', async () => {
  expect(await readCheckpoint(dir)).toBeUndefined();
  await writeCheckpoint(dir, ckpt(1));
  await writeCheckpoint(dir, ckpt(2));
  expect(readdirSync(dir)).toEqual(['checkpoint.safetensors']);
  expect((await readCheckpoint(dir))!.step).toBe(2);
});

test('bad files are rejected with a CheckpointError naming the file', async () => {
  const bad = mkdtempSync(join(dir, 'bad-'));
  writeFileSync(join(bad, 'checkpoint.safetensors'), new Uint8Array([1, 2, 3]));
  await expect(readCheckpoint(bad)).rejects.toThrow(
    /readCheckpoint: '.*checkpoint.safetensors' is not a readable safetensors file/,
  );
  const c = ckpt(1);
  c.optimizer.m.set('other', new Float32Array(1));
  expect(() => encodeCheckpoint(c)).toThrow(/encodeCheckpoint: optimizer.m has parameter 'other' that 'weights' lacks/);
});
