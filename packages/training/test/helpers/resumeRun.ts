/** The run shared by the resume tests (in-process and killed child process). */
import { trainEmulator, type TrainEmulatorOptions } from '../../src/trainEmulator';
import type { TrainingEvent } from '../../src/trainEmulator';
import { createTiny, type TinyEmulator } from './tinyEmulator';
import { TOY_LABELS, toyGrid } from './toyGrid';

export const RESUME_STEPS = 30;

export function resumeEmulator(): TinyEmulator {
  // Conditioned mode, so that the wavelength draws (RNG state) matter too.
  return createTiny({ labels: TOY_LABELS, wavelength: { min: 5000, max: 5023 }, hidden: 8, features: 6, seed: 5 });
}

export function resumeOptions(dir: string, extra: Partial<TrainEmulatorOptions> = {}): TrainEmulatorOptions {
  return {
    train: toyGrid(37, 11),
    validation: toyGrid(9, 12),
    steps: RESUME_STEPS,
    batchSize: 4,
    wavelengthsPerSpectrum: 16,
    learningRate: 3e-3,
    clipNorm: 1,
    seed: 42,
    validateEvery: 4,
    checkpointDir: dir,
    checkpointEvery: 1,
    resume: true,
    saveBest: false,
    ...extra,
  };
}

export async function runResume(
  dir: string,
  onProgress?: (e: TrainingEvent) => void | Promise<void>,
): Promise<TinyEmulator> {
  const em = resumeEmulator();
  await trainEmulator(em, resumeOptions(dir, onProgress ? { onProgress } : {}));
  return em;
}
