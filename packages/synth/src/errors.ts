/** Thrown when an argument has the wrong type, shape or value. Messages name who, what, expected, got. */
export class SynthArgumentError extends Error {
  override readonly name = 'SynthArgumentError';
  constructor(
    readonly argument: string,
    readonly fn: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`Argument '${argument}' passed to '${fn}' must be ${expected}; got ${got}`);
  }
}

/** Thrown when a text line list (VALD "short" or CSV) cannot be parsed. */
export class LineListParseError extends Error {
  override readonly name = 'LineListParseError';
  constructor(
    readonly lineNumber: number,
    readonly detail: string,
  ) {
    super(`Line list line ${lineNumber}: ${detail}`);
  }
}

/** Short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}
