import { inflateSync } from 'node:zlib';

/** Child elements of every `<g class="mark-<type> role-mark …">` group of a vega SVG (one per drawn item). */
export function countMarks(svg: string, type: string): number {
  const re = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>(.*?)</g>`, 'gs');
  let n = 0;
  for (const m of svg.matchAll(re)) n += (m[1]!.match(/<(path|line|rect|text)\b/g) ?? []).length;
  return n;
}

/** Texts of the axis titles (`role-axis-title` groups). */
export function axisTitles(svg: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<g class="mark-text role-axis-title"[^>]*>(.*?)<\/g>/gs)) {
    for (const t of m[1]!.matchAll(/<text[^>]*>(.*?)<\/text>/gs)) out.push(decode(t[1]!));
  }
  return out;
}

function decode(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width, height (IHDR) and the number of distinct byte values in the inflated image data of a PNG. */
export function pngInfo(bytes: Uint8Array): {
  width: number;
  height: number;
  distinctBytes: number;
  signatureOk: boolean;
} {
  const signatureOk = PNG_SIGNATURE.every((b, i) => bytes[i] === b);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  while (off + 8 <= bytes.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...bytes.subarray(off + 4, off + 8));
    const data = bytes.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(off + 8);
      height = view.getUint32(off + 12);
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { width, height, distinctBytes: new Set(raw).size, signatureOk };
}
