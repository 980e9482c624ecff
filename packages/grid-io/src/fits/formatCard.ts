import { FitsError } from './FitsError';
import type { FitsValue } from './FitsHeader';

/** A card to write. Integer-valued numbers are written as integers unless `type: 'float'`. */
export interface FitsWriteCard {
  keyword: string;
  value?: FitsValue;
  comment?: string;
  type?: 'float';
}

const STANDARD_KEYWORD = /^[A-Z0-9_-]{1,8}$/;
const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);

/**
 * 80-character card images for one card: fixed format for standard keywords, `HIERARCH` for longer
 * ones, COMMENT/HISTORY split over several cards, and long strings continued with `&` + CONTINUE
 * (OGIP long-string convention). Values FITS cannot hold (NaN, ±Infinity, non-ASCII) are FitsErrors.
 */
export function formatCard(card: FitsWriteCard, file = '<output>'): string[] {
  const keyword = card.keyword.toUpperCase();
  const fail = (problem: string, expected: string, got: string) =>
    new FitsError(problem, { file, keyword: card.keyword, expected, got });
  if (!/^[\x20-\x7e]*$/.test(keyword) || keyword.includes('='))
    throw fail('invalid keyword', 'printable ASCII without =', JSON.stringify(card.keyword));
  if (COMMENTARY.has(keyword)) {
    const text = card.value === undefined || card.value === null ? '' : String(card.value);
    checkAscii(text, fail);
    const out: string[] = [];
    for (let i = 0; i === 0 || i < text.length; i += 72) out.push(pad(keyword.padEnd(8) + text.slice(i, i + 72)));
    return out;
  }
  const prefix = STANDARD_KEYWORD.test(keyword) ? `${keyword.padEnd(8)}= ` : `HIERARCH ${keyword} = `;
  if (prefix.length > 60)
    throw fail('keyword too long', 'a keyword that leaves room for a value', `${keyword.length} characters`);
  const comment = card.comment === undefined || card.comment === '' ? '' : card.comment;
  checkAscii(comment, fail);
  const v = card.value ?? null;
  if (typeof v === 'string') return stringCards(prefix, v, comment, fail);
  let text: string;
  if (v === null) text = '';
  else if (typeof v === 'boolean') text = v ? 'T' : 'F';
  else if (typeof v === 'bigint') text = v.toString();
  else if (typeof v === 'number') text = formatNumber(v, card.type === 'float', fail);
  else text = `(${formatNumber(v.re, true, fail)}, ${formatNumber(v.im, true, fail)})`;
  const body = prefix.length === 10 ? prefix + text.padStart(20) : prefix + text;
  if (body.length > 80) throw fail('value does not fit in a card', '≤ 80 characters', `${body.length}`);
  return [pad(withComment(body, comment))];
}

function formatNumber(x: number, asFloat: boolean, fail: (p: string, e: string, g: string) => FitsError): string {
  if (!Number.isFinite(x)) throw fail('FITS headers cannot hold NaN or infinite values', 'a finite number', String(x));
  if (Number.isInteger(x) && !asFloat && Math.abs(x) < 1e21) return x.toFixed(0);
  let s = String(x).toUpperCase();
  if (!s.includes('.')) s = s.includes('E') ? s.replace('E', '.0E') : `${s}.0`;
  return s;
}

function stringCards(
  prefix: string,
  value: string,
  comment: string,
  fail: (p: string, e: string, g: string) => FitsError,
): string[] {
  checkAscii(value, fail);
  const escaped = value.replace(/'/g, "''");
  const room = 80 - prefix.length - 2; // quotes
  if (escaped.length <= room) {
    const quoted = `'${escaped.padEnd(Math.min(8, room))}'`;
    return [pad(withComment(prefix + quoted, comment))];
  }
  // OGIP long string: pieces ending in '&', continued on CONTINUE cards (never splitting a '' pair).
  const cards: string[] = [];
  let rest = escaped;
  let head = prefix;
  while (rest.length > 0) {
    const max = 80 - head.length - 3; // quotes + '&'
    if (max < 1)
      throw fail('keyword too long for a long string value', 'a shorter keyword', `${head.length} characters`);
    let take = Math.min(max, rest.length);
    if (take < rest.length && rest[take - 1] === "'" && countQuotesBefore(rest, take) % 2 === 1) take--;
    const last = take === rest.length;
    cards.push(pad(`${head}'${rest.slice(0, take)}${last ? '' : '&'}'`));
    rest = rest.slice(take);
    head = 'CONTINUE  ';
  }
  if (comment !== '') cards[cards.length - 1] = pad(withComment(cards[cards.length - 1]!.trimEnd(), comment));
  return cards;
}

function countQuotesBefore(s: string, end: number): number {
  let n = 0;
  for (let i = end - 1; i >= 0 && s[i] === "'"; i--) n++;
  return n;
}

function withComment(body: string, comment: string): string {
  if (comment === '') return body;
  const room = 80 - body.length - 3;
  return room > 0 ? `${body} / ${comment.slice(0, room)}` : body;
}

function pad(s: string): string {
  return s.padEnd(80);
}

function checkAscii(s: string, fail: (p: string, e: string, g: string) => FitsError): void {
  if (!/^[\x20-\x7e]*$/.test(s))
    throw fail('header text must be printable ASCII', 'characters 0x20–0x7E', JSON.stringify(s.slice(0, 40)));
}
