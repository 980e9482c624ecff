import { GridError } from './errors';
import type { GridHeader } from './spectralGrid';

/** Schema-metadata key (Arrow) / key-value metadata key (Parquet) holding the grid header as JSON. */
export const GRID_METADATA_KEY = 'astroemu.grid';
export const GRID_FORMAT_VERSION = 1;

/** Serialises the header: {formatVersion, labelNames, numPixels, hasIvar, wavelength: number[], meta}. */
export function encodeGridMetadata(header: GridHeader): string {
  return JSON.stringify({
    formatVersion: GRID_FORMAT_VERSION,
    labelNames: header.labelNames,
    numPixels: header.wavelength.length,
    hasIvar: header.hasIvar,
    ...(header.rowGroupSize ? { rowGroupSize: header.rowGroupSize } : {}),
    wavelength: Array.from(header.wavelength),
    meta: header.meta,
  });
}

export function decodeGridMetadata(json: string | undefined, file: string): GridHeader {
  if (json === undefined) {
    throw new GridError(`${file}: not an astroemu grid; schema metadata '${GRID_METADATA_KEY}' is missing`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch (e) {
    throw new GridError(`${file}: schema metadata '${GRID_METADATA_KEY}' is not valid JSON (${(e as Error).message})`);
  }
  if (raw.formatVersion !== GRID_FORMAT_VERSION) {
    throw new GridError(
      `${file}: '${GRID_METADATA_KEY}.formatVersion' expected ${GRID_FORMAT_VERSION}; got ${JSON.stringify(raw.formatVersion)}`,
    );
  }
  const { labelNames, wavelength, meta, hasIvar, rowGroupSize } = raw;
  if (!Array.isArray(labelNames) || !labelNames.every((s) => typeof s === 'string')) {
    throw new GridError(`${file}: '${GRID_METADATA_KEY}.labelNames' must be an array of strings`);
  }
  if (!Array.isArray(wavelength) || !wavelength.every((x) => typeof x === 'number')) {
    throw new GridError(`${file}: '${GRID_METADATA_KEY}.wavelength' must be an array of numbers`);
  }
  return {
    labelNames: labelNames as string[],
    wavelength: Float64Array.from(wavelength as number[]),
    meta: (meta && typeof meta === 'object' ? meta : {}) as Record<string, unknown>,
    hasIvar: hasIvar === true,
    ...(Number.isInteger(rowGroupSize) && (rowGroupSize as number) > 0 ? { rowGroupSize: rowGroupSize as number } : {}),
  };
}
