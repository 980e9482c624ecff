import cliProgress from 'cli-progress';
import type { FitProgress } from '@astroemu/inference';
import type { AppIo } from './appIo';

/**
 * Progress of a fitting run on stderr: a live bar (spectra done / to do, current optimiser phase) on a
 * terminal, else one line per batch.
 */
export function fitProgress(
  io: AppIo,
  total: number,
  label: string,
): { phase: (p: FitProgress) => void; done: (n: number) => void; stop: () => void } {
  const live = io.progress ?? Boolean(process.stderr.isTTY);
  let value = 0;
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  if (live && total > 0) {
    bar = new cliProgress.SingleBar({
      format: `${label} [{bar}] {value}/{total} spectra | {phase} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 20,
    });
    bar.start(total, 0, { phase: 'start' });
  }
  return {
    phase(p) {
      bar?.update(value, { phase: `${p.phase} ${p.step}/${p.total}` });
    },
    done(n) {
      value += n;
      if (bar) bar.update(value, { phase: 'written' });
      else io.err(`${label}: ${value}/${total} spectra`);
    },
    stop() {
      bar?.stop();
    },
  };
}
