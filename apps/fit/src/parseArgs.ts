import { BACKEND_NAMES } from '@astroemu/backend';
import { ArgumentError, choiceArg, listArg } from '@astroemu/cli-args';

export { assignmentsArg, intArg, listArg, numberArg } from '@astroemu/cli-args';

/** Parser of `--backend`: one of @astroemu/backend's names. */
export const backendArg = choiceArg('--backend', BACKEND_NAMES);

/** Commander parser of wavelength segments `a:b,c:d` (Å, a < b, increasing and not overlapping). */
export function segmentsArg(flag: string): (value: string) => [number, number][] {
  return (value) => {
    const out = listArg(flag)(value).map((item): [number, number] => {
      const parts = item.split(':').map(Number);
      if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0]! < parts[1]!))
        throw new ArgumentError(flag, `must be a:b wavelength ranges (Å, a < b) separated by commas; got '${item}'`);
      return [parts[0]!, parts[1]!];
    });
    out.forEach(([a], i) => {
      if (i > 0 && !(a > out[i - 1]![1]))
        throw new ArgumentError(flag, `segments must increase and not overlap; '${value}'`);
    });
    return out;
  };
}
