import { FitsError } from './FitsError';
import { FitsHeader, type FitsCard } from './FitsHeader';
import { parseCard } from './parseCard';

export const BLOCK = 2880;
const CARD = 80;

export interface ParsedHeader {
  header: FitsHeader;
  /** Byte offset of the first data byte (the header's blocks end here). */
  dataStart: number;
}

/**
 * Parse the header that starts at `start`: 80-byte cards in 2880-byte blocks up to the END card.
 * CONTINUE cards are merged into the long string they continue (OGIP long-string convention).
 */
export function parseHeader(bytes: Uint8Array, start: number, file: string, hdu: number): ParsedHeader {
  const cards: FitsCard[] = [];
  let continuing: FitsCard | undefined;
  for (let block = start; ; block += BLOCK) {
    if (block + BLOCK > bytes.length) {
      throw new FitsError('header ends before its END card (file truncated or END missing)', {
        file,
        hdu,
        keyword: 'END',
        expected: `an END card within ${bytes.length - start} bytes`,
        got: block >= bytes.length ? 'end of file' : `a partial ${bytes.length - block}-byte block`,
      });
    }
    for (let at = block; at < block + BLOCK; at += CARD) {
      const text = latin1(bytes, at, CARD);
      if (text.slice(0, 8).trimEnd() === 'END' && text.slice(8).trim() === '') {
        return { header: new FitsHeader(cards), dataStart: block + BLOCK };
      }
      const card = parseCard(text);
      if (card.isContinue && continuing !== undefined && typeof card.value === 'string') {
        const prev = continuing.value as string;
        continuing.value = prev.slice(0, -1) + card.value;
        if (card.comment !== undefined && card.comment !== '') {
          continuing.comment = continuing.comment ? `${continuing.comment} ${card.comment}` : card.comment;
        }
        if (!continuing.value.endsWith('&')) continuing = undefined;
        continue;
      }
      const { isContinue: _ignored, ...out } = card;
      cards.push(out);
      continuing = out.type === 'string' && (out.value as string).endsWith('&') ? out : undefined;
    }
  }
}

function latin1(bytes: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = at; i < at + n; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
