import { BACKEND_NAMES, isBackendName, type BackendName } from '@astroemu/backend';
import { ArgumentError } from './errors';

/** Commander parser of an integer option ≥ min, whose error names the option. */
export function intArg(flag: string, min = 1): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!(Number.isInteger(n) && n >= min)) throw new ArgumentError(flag, `must be an integer ≥ ${min}; got '${value}'`);
    return n;
  };
}

/** Commander parser of a finite (by default positive) number. */
export function numberArg(flag: string, positive = true): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || (positive && n <= 0)) throw new ArgumentError(flag, `must be a ${positive ? 'positive ' : ''}number; got '${value}'`);
    return n;
  };
}

/** Commander parser of a comma-separated list. */
export function listArg(flag: string): (value: string) => string[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (items.length === 0) throw new ArgumentError(flag, `must be a comma-separated list; got '${value}'`);
    return items;
  };
}

/** Commander parser of `Name=value,Name=value` (values finite numbers). */
export function assignmentsArg(flag: string): (value: string) => Record<string, number> {
  return (value) => {
    const out: Record<string, number> = {};
    for (const item of listArg(flag)(value)) {
      const [name, v, ...rest] = item.split('=');
      const x = Number(v);
      if (!name || v === undefined || rest.length > 0 || !Number.isFinite(x)) throw new ArgumentError(flag, `must be Name=value pairs separated by commas; got '${item}'`);
      out[name.trim()] = x;
    }
    return out;
  };
}

/** Commander parser of wavelength segments `a:b,c:d` (Å, a < b, increasing and not overlapping). */
export function segmentsArg(flag: string): (value: string) => [number, number][] {
  return (value) => {
    const out = listArg(flag)(value).map((item): [number, number] => {
      const parts = item.split(':').map(Number);
      if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0]! < parts[1]!)) throw new ArgumentError(flag, `must be a:b wavelength ranges (Å, a < b) separated by commas; got '${item}'`);
      return [parts[0]!, parts[1]!];
    });
    out.forEach(([a], i) => {
      if (i > 0 && !(a > out[i - 1]![1])) throw new ArgumentError(flag, `segments must increase and not overlap; '${value}'`);
    });
    return out;
  };
}

export function backendArg(value: string): BackendName {
  if (!isBackendName(value)) throw new ArgumentError('--backend', `must be one of ${BACKEND_NAMES.join(', ')}; got '${value}'`);
  return value;
}
