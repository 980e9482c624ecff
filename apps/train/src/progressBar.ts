import cliProgress from 'cli-progress';
import type { TrainingEvent } from '@astroemu/training';

/** Where the app writes: the real process streams, or buffers in tests. */
export interface AppIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Show a live progress bar on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Stops training after the current step, with a checkpoint written (the CLI wires it to Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Training progress: step, loss, steps/s, ETA and best validation MAE — a live bar on a terminal, else a
 * line every ~10 % of the steps. Rates are measured from this run's first step (resumed steps excluded).
 */
export function progressBar(io: AppIo, label: string): { onEvent: (e: TrainingEvent) => void; stop: () => void } {
  const live = io.progress ?? Boolean(process.stderr.isTTY);
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  let startTime = 0;
  let startStep = 0;
  let bestMae = Infinity;
  let lastPrinted = -1;
  const payload = (step: number, total: number, loss: number) => {
    const elapsed = (performance.now() - startTime) / 1000;
    const rate = elapsed > 0 && step > startStep ? (step - startStep) / elapsed : 0;
    const eta = rate > 0 ? (total - step) / rate : NaN;
    return {
      loss: loss.toExponential(3),
      rate: rate > 0 ? rate.toFixed(2) : '—',
      eta: formatSeconds(eta),
      mae: Number.isFinite(bestMae) ? bestMae.toExponential(3) : '—',
    };
  };
  return {
    onEvent(e) {
      if (e.type === 'resume') {
        startStep = e.step;
        io.err(`${label}: resumed at step ${e.step} from ${e.path}`);
        return;
      }
      if (e.type === 'validation') {
        bestMae = Math.min(bestMae, e.metrics.mae);
        return;
      }
      if (e.type !== 'step') return;
      if (startTime === 0) {
        // Rates count from the end of this run's first step (its time includes one-off setup).
        startTime = performance.now();
        startStep = e.step;
        if (live) {
          bar = new cliProgress.SingleBar({
            format: `${label} [{bar}] {value}/{total} | loss {loss} | {rate} steps/s | ETA {eta} | best val MAE {mae}`,
            stream: process.stderr,
            hideCursor: true,
            etaBuffer: 50,
          });
          bar.start(e.totalSteps, e.step - 1, payload(e.step - 1, e.totalSteps, e.loss));
        }
      }
      const p = payload(e.step, e.totalSteps, e.loss);
      if (bar) bar.update(e.step, p);
      else {
        const decile = Math.floor((10 * e.step) / e.totalSteps);
        if (decile !== lastPrinted || e.step === e.totalSteps) {
          lastPrinted = decile;
          io.err(
            `${label} step ${e.step}/${e.totalSteps} | loss ${p.loss} | ${p.rate} steps/s | ETA ${p.eta} | best val MAE ${p.mae}`,
          );
        }
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}
