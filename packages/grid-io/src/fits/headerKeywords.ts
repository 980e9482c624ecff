import { FitsError } from './FitsError';
import type { FitsHeader } from './FitsHeader';

/** Context for error messages while reading one HDU. */
export interface HduContext {
  file: string;
  hdu: number;
}

/** A mandatory integer keyword within [min, max]; anything else is a FitsError naming the card. */
export function requireInt(header: FitsHeader, keyword: string, ctx: HduContext, min: number, max: number): number {
  const card = header.card(keyword);
  if (card === undefined) {
    throw new FitsError('mandatory keyword is missing', {
      ...ctx,
      keyword,
      expected: `an integer in [${min}, ${max}]`,
      got: 'no such card',
    });
  }
  const v = card.value;
  const n = typeof v === 'number' && card.type === 'integer' ? v : typeof v === 'bigint' ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new FitsError('keyword has an invalid value', {
      ...ctx,
      keyword,
      expected: `an integer in [${min}, ${max}]`,
      got: describe(v),
    });
  }
  return n;
}

/** An optional integer keyword (default when absent). */
export function optionalInt(
  header: FitsHeader,
  keyword: string,
  ctx: HduContext,
  min: number,
  max: number,
  dflt: number,
): number {
  return header.has(keyword) ? requireInt(header, keyword, ctx, min, max) : dflt;
}

/** An optional numeric keyword (integer or float; bigint kept for exact 64-bit zero points). */
export function optionalNumber(header: FitsHeader, keyword: string, ctx: HduContext): number | bigint | undefined {
  const card = header.card(keyword);
  if (card === undefined) return undefined;
  const v = card.value;
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint') return v;
  throw new FitsError('keyword has an invalid value', { ...ctx, keyword, expected: 'a number', got: describe(v) });
}

export function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'bigint') return v.toString();
  if (v === null || v === undefined) return 'no value';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
