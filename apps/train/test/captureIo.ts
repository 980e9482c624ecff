import type { AppIo } from '../src/progressBar';

/** An AppIo that keeps every stdout and stderr line (no progress bar), for asserting on what the CLI printed. */
export function captureIo(): AppIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), progress: false };
}
