import { FitsError } from './FitsError';

/** What the readers accept: bytes (Node and browser) or, in Node only, a file path. */
export type FitsSource = string | Uint8Array | ArrayBuffer;

export function toBytes(src: Uint8Array | ArrayBuffer): Uint8Array {
  return src instanceof Uint8Array ? src : new Uint8Array(src);
}

/**
 * Bytes of a source. Paths are read with a dynamic `import('node:fs/promises')` whose specifier is
 * hidden from bundlers, so browser bundles do not pull in Node built-ins.
 */
export async function loadBytes(src: FitsSource, fileName?: string): Promise<{ bytes: Uint8Array; file: string }> {
  if (typeof src !== 'string') return { bytes: toBytes(src), file: fileName ?? '<buffer>' };
  const file = fileName ?? src;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) {
    throw new FitsError('file paths can only be read in Node', {
      file,
      expected: 'a Uint8Array or ArrayBuffer in the browser',
      got: 'a path string',
    });
  }
  const specifier = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ specifier)) as typeof import('node:fs/promises');
  try {
    return { bytes: new Uint8Array(await fs.readFile(src)), file };
  } catch (e) {
    throw new FitsError('cannot read file', { file, got: e instanceof Error ? e.message : String(e) });
  }
}
