export { ArgumentError } from '@astroemu/cli-args';

/** Training was stopped by the user (Ctrl-C); the checkpoint to `--resume` from is in `out`. */
export class RunStopped extends Error {
  constructor(
    readonly step: number,
    readonly out: string,
  ) {
    super(`stopped at step ${step}; checkpoint in ${out} (continue with the same options and --resume)`);
    this.name = 'RunStopped';
  }
}
