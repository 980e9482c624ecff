import { BUNDLE_FILES, RESIDUAL_BANDS_FILE } from './bundleLayout';
import { BundleError } from './errors';
import { readSafetensors } from './readSafetensors';
import { sha256Hex } from './sha256';
import { writeSafetensors } from './writeSafetensors';

/**
 * An emulator's validation residual bands (per-pixel percentiles of predicted − truth over validation spectra, as
 * @astroemu/metrics computes them), stored in a bundle as the optional file residual-bands.safetensors so that a
 * likelihood can add the emulator's own error to the data variance (@astroemu/posterior's emulatorVariance).
 */
export interface BundleResidualBands {
  /** Percentiles, e.g. [2.5, 16, 50, 84, 97.5]. */
  percentiles: number[];
  /** One Float64Array of M values per percentile. */
  values: Float64Array[];
  /** The M validation pixels, Angstrom (optional for grid emulators, whose pixels are the fixed grid). */
  wavelength?: Float64Array;
  /** Number of validation spectra behind the bands. */
  spectra?: number;
}

const FORMAT = 'astroemu-residual-bands';

/** The bytes of residual-bands.safetensors: F64 tensors 'percentiles' [P], 'values' [P, M], optional 'wavelength' [M]. */
export function encodeResidualBands(bands: BundleResidualBands): Uint8Array {
  const who = 'encodeResidualBands';
  const P = bands.percentiles.length;
  const M = bands.values[0]?.length ?? 0;
  if (P === 0 || bands.values.length !== P)
    throw new BundleError(`${who}: values must hold one array per percentile (${P}); got ${bands.values.length}`, {
      file: RESIDUAL_BANDS_FILE,
    });
  if (M === 0 || bands.values.some((v) => v.length !== M))
    throw new BundleError(`${who}: every values array must have the same number of pixels (> 0)`, {
      file: RESIDUAL_BANDS_FILE,
    });
  if (bands.wavelength && bands.wavelength.length !== M)
    throw new BundleError(`${who}: wavelength has ${bands.wavelength.length} values; the bands have ${M} pixels`, {
      file: RESIDUAL_BANDS_FILE,
    });
  const data = new Float64Array(P * M);
  bands.values.forEach((v, k) => data.set(v, k * M));
  const tensors: Record<string, { dtype: 'F64'; shape: number[]; data: Float64Array }> = {
    percentiles: { dtype: 'F64', shape: [P], data: Float64Array.from(bands.percentiles) },
    values: { dtype: 'F64', shape: [P, M], data },
  };
  if (bands.wavelength) tensors.wavelength = { dtype: 'F64', shape: [M], data: Float64Array.from(bands.wavelength) };
  return writeSafetensors(tensors, {
    format: FORMAT,
    ...(bands.spectra !== undefined ? { spectra: String(bands.spectra) } : {}),
  });
}

/** Parses residual-bands.safetensors (see encodeResidualBands). */
export function decodeResidualBands(bytes: Uint8Array): BundleResidualBands {
  const file = RESIDUAL_BANDS_FILE;
  const who = 'decodeResidualBands';
  let st;
  try {
    st = readSafetensors(bytes);
  } catch (e) {
    throw new BundleError(`${who}: ${file}: ${(e as Error).message}`, { file });
  }
  if (st.metadata.format !== FORMAT)
    throw new BundleError(
      `${who}: ${file} metadata.format must be '${FORMAT}'; got ${JSON.stringify(st.metadata.format)}`,
      { file },
    );
  const p = st.tensors.get('percentiles');
  const v = st.tensors.get('values');
  if (!p || !v || p.dtype !== 'F64' || v.dtype !== 'F64' || v.shape.length !== 2 || v.shape[0] !== p.shape[0]) {
    throw new BundleError(`${who}: ${file} needs F64 tensors 'percentiles' [P] and 'values' [P, M]`, { file });
  }
  const M = v.shape[1]!;
  const data = v.data as Float64Array;
  const out: BundleResidualBands = {
    percentiles: Array.from(p.data as Float64Array),
    values: Array.from({ length: p.shape[0]! }, (_, k) => data.slice(k * M, (k + 1) * M)),
  };
  const w = st.tensors.get('wavelength');
  if (w) {
    if (w.dtype !== 'F64' || w.shape.length !== 1 || w.shape[0] !== M)
      throw new BundleError(`${who}: ${file} tensor 'wavelength' must be F64 [${M}]`, { file, tensor: 'wavelength' });
    out.wavelength = (w.data as Float64Array).slice();
  }
  if (st.metadata.spectra !== undefined) out.spectra = Number(st.metadata.spectra);
  return out;
}

/**
 * Reads the residual bands of a bundle folder (Node), checking the file's sha256 against integrity.json; undefined
 * when the bundle has none (bundles written before this file existed, or saved without bands).
 */
export async function loadResidualBands(dir: string): Promise<BundleResidualBands | undefined> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const file = RESIDUAL_BANDS_FILE;
  const bytes = await fs.readFile(path.join(dir, file)).catch(() => undefined);
  if (!bytes) return undefined;
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const integrity = await fs.readFile(path.join(dir, BUNDLE_FILES.integrity), 'utf8').catch(() => undefined);
  const listed = integrity ? (JSON.parse(integrity) as { files?: Record<string, string> }).files?.[file] : undefined;
  if (listed === undefined)
    throw new BundleError(`loadResidualBands: ${dir}/${BUNDLE_FILES.integrity} does not list '${file}'`, { file });
  const actual = await sha256Hex(u8);
  if (actual !== listed)
    throw new BundleError(
      `loadResidualBands: sha256 mismatch for '${file}': integrity.json says ${listed}, file has ${actual}`,
      { file },
    );
  return decodeResidualBands(u8);
}
