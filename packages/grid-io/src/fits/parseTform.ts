import { FitsError } from './FitsError';
import type { HduContext } from './headerKeywords';

/** Bytes per element of each binary-table type code (X is per 8 bits, P/Q are descriptors). */
export const TFORM_SIZE: Record<string, number> = {
  L: 1,
  X: 1,
  B: 1,
  I: 2,
  J: 4,
  K: 8,
  A: 1,
  E: 4,
  D: 8,
  C: 8,
  M: 16,
  P: 8,
  Q: 16,
};

export interface Tform {
  code: string;
  repeat: number;
  /** Element code for P/Q (variable-length arrays). */
  elementCode?: string;
  /** Bytes this column takes in each row. */
  width: number;
}

/** Parse a TFORMn value such as '5E', '1PE(300)', '18A', '16X'. */
export function parseTform(text: string, keyword: string, ctx: HduContext): Tform {
  const m = /^\s*(\d*)([LXBIJKAEDCMPQ])(.*)$/.exec(text.toUpperCase());
  if (m === null) {
    throw new FitsError('unknown binary-table column format', {
      ...ctx,
      keyword,
      expected: 'rT with T one of L X B I J K A E D C M P Q',
      got: `'${text}'`,
    });
  }
  const repeat = m[1] === '' ? 1 : Number(m[1]);
  const code = m[2]!;
  if (!Number.isSafeInteger(repeat) || repeat > 2 ** 31) {
    throw new FitsError('absurd repeat count', {
      ...ctx,
      keyword,
      expected: 'a repeat count ≤ 2^31',
      got: `'${text}'`,
    });
  }
  if (code === 'P' || code === 'Q') {
    const e = /^([LXBIJKAEDCM])(?:\(\s*\d*\s*\))?\s*$/.exec(m[3]!);
    if (e === null) {
      throw new FitsError('unknown variable-length array format', {
        ...ctx,
        keyword,
        expected: `${code}T(max) with T one of L X B I J K A E D C M`,
        got: `'${text}'`,
      });
    }
    if (repeat > 1)
      throw new FitsError('variable-length column with repeat > 1', {
        ...ctx,
        keyword,
        expected: `0 or 1${code}…`,
        got: `'${text}'`,
      });
    return { code, repeat, elementCode: e[1]!, width: repeat * TFORM_SIZE[code]! };
  }
  const width = code === 'X' ? Math.ceil(repeat / 8) : repeat * TFORM_SIZE[code]!;
  return { code, repeat, width };
}
