import { loadBytes, type FitsSource } from './loadBytes';
import { parseFits } from './parseFits';
import type { FitsHdu, ReadFitsOptions } from './types';

/**
 * Read every HDU of a FITS file: a path (Node only), or the file's bytes. Gzip-compressed files
 * (`.fits.gz`) are recognised by their magic bytes. Errors are `FitsError`s naming file, HDU and card.
 */
export async function readFits(src: FitsSource, opts: ReadFitsOptions = {}): Promise<FitsHdu[]> {
  const { bytes, file } = await loadBytes(src, opts.fileName);
  return parseFits(bytes, { ...opts, fileName: file });
}
