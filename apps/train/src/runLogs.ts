import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const METRICS_FILE = 'metrics.jsonl';
export const LOSS_FILE = 'loss.jsonl';

/**
 * The run's JSON-lines logs in the output folder: `metrics.jsonl` (one line per validation:
 * {step, mse, mae, maqe95, spectra, wavelengths, improved}) and `loss.jsonl` ({step, loss, lr} per step,
 * flushed at validations and at the end). A fresh run truncates them; a resumed run drops lines past the
 * checkpoint's step, so the logs never hold steps that will be repeated.
 */
export class RunLogs {
  private pending: string[] = [];
  readonly loss: Array<{ step: number; loss: number }> = [];
  readonly validations: Array<{ step: number; mse: number; mae: number; maqe95: number }> = [];

  constructor(private readonly dir: string) {}

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, METRICS_FILE), '');
    await writeFile(join(this.dir, LOSS_FILE), '');
  }

  /** Keeps the logged lines with step ≤ `step` (resume) and loads them into memory. */
  async resumeAt(step: number): Promise<void> {
    for (const file of [METRICS_FILE, LOSS_FILE]) {
      const text = await readFile(join(this.dir, file), 'utf8').catch(() => '');
      const kept = text.split('\n').filter((l) => l.trim() !== '' && (JSON.parse(l) as { step: number }).step <= step);
      await writeFile(join(this.dir, file), kept.map((l) => `${l}\n`).join(''));
      for (const l of kept) {
        const v = JSON.parse(l) as { step: number; loss: number; mse: number; mae: number; maqe95: number };
        if (file === LOSS_FILE) this.loss.push({ step: v.step, loss: v.loss });
        else this.validations.push({ step: v.step, mse: v.mse, mae: v.mae, maqe95: v.maqe95 });
      }
    }
  }

  step(step: number, loss: number, lr: number): void {
    this.loss.push({ step, loss });
    this.pending.push(JSON.stringify({ step, loss, lr }));
  }

  async validation(
    step: number,
    m: { mse: number; mae: number; maqe95: number; spectra: number; wavelengths: number },
    improved: readonly string[],
  ): Promise<void> {
    this.validations.push({ step, mse: m.mse, mae: m.mae, maqe95: m.maqe95 });
    await this.flush();
    await appendFile(
      join(this.dir, METRICS_FILE),
      `${JSON.stringify({ step, mse: m.mse, mae: m.mae, maqe95: m.maqe95, spectra: m.spectra, wavelengths: m.wavelengths, improved })}\n`,
    );
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const lines = this.pending.map((l) => `${l}\n`).join('');
    this.pending = [];
    await appendFile(join(this.dir, LOSS_FILE), lines);
  }
}
