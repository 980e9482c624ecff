/** Where in a FITS file a problem was found, and what was expected there. */
export interface FitsErrorDetails {
  /** File name (path, or the `fileName` option, or '<buffer>'). */
  file: string;
  /** Zero-based HDU index, when the problem is inside an HDU. */
  hdu?: number;
  /** Header keyword or card (e.g. 'NAXIS2', 'TFORM3'), or a column / pixel description. */
  keyword?: string;
  /** What the reader expected. */
  expected?: string;
  /** What it found. */
  got?: string;
}

/**
 * Error thrown by every FITS and spectrum reader/writer in this package. The message names the file,
 * the HDU, the card and what was expected versus what was found, e.g.
 * `spec.fits: HDU 1, card 'NAXIS2': data runs past the end of the file (expected ≤ 2880 bytes, got 5760)`.
 */
export class FitsError extends Error {
  readonly file: string;
  readonly hdu?: number;
  readonly keyword?: string;
  readonly expected?: string;
  readonly got?: string;

  constructor(problem: string, details: FitsErrorDetails) {
    const where = [
      details.hdu === undefined ? undefined : `HDU ${details.hdu}`,
      details.keyword === undefined ? undefined : `card '${details.keyword}'`,
    ].filter((s) => s !== undefined);
    const wanted = [
      details.expected === undefined ? undefined : `expected ${details.expected}`,
      details.got === undefined ? undefined : `got ${details.got}`,
    ].filter((s) => s !== undefined);
    super(
      `${details.file}: ${where.length > 0 ? `${where.join(', ')}: ` : ''}${problem}` +
        (wanted.length > 0 ? ` (${wanted.join(', ')})` : ''),
    );
    this.name = 'FitsError';
    this.file = details.file;
    this.hdu = details.hdu;
    this.keyword = details.keyword;
    this.expected = details.expected;
    this.got = details.got;
  }
}
