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
