import type { FitsHeader } from './FitsHeader';

/** Pixel arrays an image HDU can hold (after BZERO/BSCALE/BLANK, as astropy returns them). */
export type FitsImageArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** Numeric cell arrays of a binary-table column. */
export type FitsNumericArray = FitsImageArray;

interface FitsHduBase {
  /** Zero-based position in the file. */
  index: number;
  /** EXTNAME, or 'PRIMARY' for HDU 0 without EXTNAME, or '' for an unnamed extension. */
  name: string;
  header: FitsHeader;
  /** Byte offsets (in the decompressed file) of the header and of the data. */
  headerOffset: number;
  dataOffset: number;
  /** Data bytes (without padding), including the heap for tables. */
  dataBytes: number;
}

/** A primary array or IMAGE extension. `shape` is in C order (slowest axis first, as numpy): [NAXIS3, NAXIS2, NAXIS1]. */
export interface FitsImageHdu extends FitsHduBase {
  kind: 'image';
  bitpix: 8 | 16 | 32 | 64 | -32 | -64;
  shape: number[];
  /** Row-major pixels, or null when NAXIS = 0 (no data). */
  data: FitsImageArray | null;
}

/** Cell data of a binary-table column. */
export type FitsColumnData =
  | FitsNumericArray
  /** TFORM A: one string per row (trailing blanks and NULs removed). */
  | string[]
  /** TFORM P/Q: one array per row (or one string per row for PA/QA). */
  | FitsNumericArray[]
  | string[][];

export interface FitsColumn {
  name: string;
  /** The TFORMn text. */
  tform: string;
  /** Type code: L X B I J K A E D C M, or P/Q for variable-length arrays. */
  code: string;
  /** Element code of a variable-length column (P/Q), e.g. 'E' for '1PE(300)'. */
  elementCode?: string;
  unit?: string;
  /** Elements per row (bits for X); for C and M the data holds 2 numbers (re, im) per element. */
  repeat: number;
  /**
   * C-order shape of the column: [nrows] for scalars, [nrows, repeat] for vectors, [nrows, ...TDIM
   * reversed] with TDIMn. Variable-length columns: [nrows].
   */
  shape: number[];
  /**
   * Decoded cells. L and X: Uint8Array of 0/1 (one per element / bit). Integers with the unsigned
   * TZERO conventions (B −128, I 32768, J 2^31, K 2^63) become Int8/Uint16/Uint32/BigUint64 arrays;
   * other TSCAL/TZERO give Float64Array; C/M interleave (re, im).
   */
  data: FitsColumnData;
  tscal?: number;
  tzero?: number | bigint;
  tnull?: number | bigint;
}

export interface FitsBinTableHdu extends FitsHduBase {
  kind: 'bintable';
  nrows: number;
  columns: FitsColumn[];
}

/** An HDU whose header was read but whose data were skipped (ASCII TABLE, random groups, unknown XTENSION). */
export interface FitsSkippedHdu extends FitsHduBase {
  kind: 'skipped';
  /** Why the data were skipped. */
  note: string;
}

export type FitsHdu = FitsImageHdu | FitsBinTableHdu | FitsSkippedHdu;

export interface ReadFitsOptions {
  /** Name used in error messages (defaults to the path, or '<buffer>'). */
  fileName?: string;
}
