/**
 * Typed errors of @astroemu/attention. Messages say who, what, expected and got, e.g.
 * "Parameters.assign: 'blocks/0/attention/query/kernel' has shape [8, 8]; got values of shape [8, 4]".
 */

/** A tensor or array whose shape is not the one expected: the shared class of @astroemu/errors. */
export { ShapeError } from '@astroemu/errors';

/** A parameter that is missing, duplicated, badly named, or an invalid layer option. */
export class ParameterError extends Error {
  /** The parameter concerned, when there is one. */
  readonly parameter?: string;
  constructor(message: string, parameter?: string) {
    super(message);
    this.name = 'ParameterError';
    if (parameter !== undefined) this.parameter = parameter;
  }
}

/** "[2, 3]" for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws a ParameterError unless `value` is a positive integer. */
export function checkPositiveInt(who: string, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ParameterError(`${who}: option '${field}' must be a positive integer; got ${value}`);
  }
}
