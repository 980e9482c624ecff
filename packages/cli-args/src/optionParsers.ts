import { ArgumentError } from './ArgumentError';

/** Parser (commander's `argParser` shape) of an integer option ≥ `min`, whose error names the option. */
export function intArg(flag: string, min = 1): (value: string) => number {
  return (value) => {
    const n = Number(value.trim() === '' ? NaN : value);
    if (!(Number.isInteger(n) && n >= min))
      throw new ArgumentError(flag, `must be an integer ≥ ${min}; got '${value}'`);
    return n;
  };
}

/** Parser of a finite number (by default > 0). */
export function numberArg(flag: string, positive = true): (value: string) => number {
  return (value) => {
    const n = Number(value.trim() === '' ? NaN : value);
    if (!Number.isFinite(n) || (positive && n <= 0)) {
      throw new ArgumentError(flag, `must be a ${positive ? 'positive ' : ''}number; got '${value}'`);
    }
    return n;
  };
}

/** Parser of a comma-separated list (blank items dropped); `check` may throw on a bad item. */
export function listArg(flag: string, check: (item: string) => unknown = () => undefined): (value: string) => string[] {
  return (value) => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (items.length === 0) throw new ArgumentError(flag, `must be a comma-separated list; got '${value}'`);
    items.forEach(check);
    return items;
  };
}

/** Parser of `Name=value,Name=value` (values finite numbers), e.g. `Fe=-0.3,Mg=0.2`. */
export function assignmentsArg(flag: string): (value: string) => Record<string, number> {
  return (value) => {
    const out: Record<string, number> = {};
    for (const item of listArg(flag)(value)) {
      const [name, v, ...rest] = item.split('=');
      const x = Number(v === undefined || v.trim() === '' ? NaN : v);
      if (!name?.trim() || rest.length > 0 || !Number.isFinite(x)) {
        throw new ArgumentError(flag, `must be Name=value pairs separated by commas; got '${item}'`);
      }
      out[name.trim()] = x;
    }
    return out;
  };
}

/** Parser of one of a fixed set of words. */
export function choiceArg<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value))
      throw new ArgumentError(flag, `must be one of ${choices.join(', ')}; got '${value}'`);
    return value as T;
  };
}
