import { BACKEND_NAMES, isBackendName, type BackendName } from '@astroemu/backend';
import { ArgumentError } from './errors';

/** Commander parser of a positive (or non-negative) integer option, whose error names the option. */
export function intArg(flag: string, min = 1): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!(Number.isInteger(n) && n >= min)) throw new ArgumentError(flag, `must be an integer ≥ ${min}; got '${value}'`);
    return n;
  };
}

export function numberArg(flag: string, positive = true): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || (positive && n <= 0)) throw new ArgumentError(flag, `must be a ${positive ? 'positive ' : ''}number; got '${value}'`);
    return n;
  };
}

export function listArg(flag: string, parse: (item: string) => unknown = (s) => s): (value: string) => string[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (items.length === 0) throw new ArgumentError(flag, `must be a comma-separated list; got '${value}'`);
    items.forEach(parse);
    return items;
  };
}

export function backendArg(value: string): BackendName {
  if (!isBackendName(value)) throw new ArgumentError('--backend', `must be one of ${BACKEND_NAMES.join(', ')}; got '${value}'`);
  return value;
}
