import { FitsError } from './FitsError';
import type { FitsBinTableHdu, FitsColumn } from './types';

/** A table column by name (case-insensitive, as FITS TTYPE matching is), or undefined. */
export function findColumn(hdu: FitsBinTableHdu, name: string): FitsColumn | undefined {
  const want = name.toUpperCase();
  return hdu.columns.find((c) => c.name.toUpperCase() === want);
}

/** Like findColumn, but a FitsError listing the columns present when there is no such column. */
export function requireColumn(hdu: FitsBinTableHdu, name: string, file = '<buffer>'): FitsColumn {
  const col = findColumn(hdu, name);
  if (col === undefined) {
    throw new FitsError('no such column', {
      file,
      hdu: hdu.index,
      keyword: `TTYPE '${name}'`,
      expected: `one of ${hdu.columns.map((c) => c.name).join(', ')}`,
      got: `'${name}'`,
    });
  }
  return col;
}
