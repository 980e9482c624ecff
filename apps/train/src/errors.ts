/** A command-line argument that is missing, malformed or names something that does not exist. */
export class ArgumentError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`Argument '${argument}': ${message}`);
    this.name = 'ArgumentError';
  }
}

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
