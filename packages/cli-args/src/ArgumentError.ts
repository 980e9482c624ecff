/** A command-line argument that is missing, malformed or names something that does not exist. */
export class ArgumentError extends Error {
  constructor(
    /** The option or argument concerned, e.g. '--workers'. */
    readonly argument: string,
    message: string,
  ) {
    super(`Argument '${argument}': ${message}`);
    this.name = 'ArgumentError';
  }
}
