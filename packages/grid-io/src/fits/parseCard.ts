import type { FitsCard, FitsValue, FitsValueType } from './FitsHeader';

const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][+-]?\d+)?$/;

/** A card before CONTINUE merging: `continued` is true for string values ending in '&'. */
export interface RawCard extends FitsCard {
  isContinue: boolean;
}

/** Parse one 80-character card image (ASCII text). Never throws: unparseable values become `invalid`. */
export function parseCard(text: string): RawCard {
  const name = text.slice(0, 8).trimEnd().toUpperCase();
  if (name === 'CONTINUE') {
    const { value, comment, type } = parseValue(text.slice(8));
    return { keyword: 'CONTINUE', value, type, comment, isContinue: true };
  }
  if (name === 'HIERARCH') {
    const eq = text.indexOf('=', 8);
    if (eq > 0) {
      const keyword = text.slice(9, eq).trim().toUpperCase();
      const parsed = parseValue(text.slice(eq + 1));
      return { keyword, ...parsed, isContinue: false };
    }
    return { keyword: 'HIERARCH', value: text.slice(8).trimEnd(), type: 'commentary', isContinue: false };
  }
  if (COMMENTARY.has(name) || text.slice(8, 10) !== '= ') {
    return { keyword: name, value: text.slice(8).trimEnd(), type: 'commentary', isContinue: false };
  }
  return { keyword: name, ...parseValue(text.slice(10)), isContinue: false };
}

interface ParsedValue {
  value: FitsValue;
  type: FitsValueType;
  comment?: string;
  raw?: string;
}

/** Parse the value/comment field (everything after `= `). */
export function parseValue(field: string): ParsedValue {
  const start = field.search(/\S/);
  if (start < 0) return { value: null, type: 'undefined' };
  if (field[start] === "'") {
    let out = '';
    let i = start + 1;
    for (;;) {
      if (i >= field.length) return { value: field.slice(start).trimEnd(), type: 'invalid', raw: field.trim() };
      const ch = field[i]!;
      if (ch === "'") {
        if (field[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        break;
      }
      out += ch;
      i++;
    }
    return { value: out.trimEnd(), type: 'string', comment: commentAfter(field, i + 1) };
  }
  const slash = field.indexOf('/', start);
  const text = (slash < 0 ? field.slice(start) : field.slice(start, slash)).trim();
  const comment = slash < 0 ? undefined : field.slice(slash + 1).trim();
  const withComment = (p: ParsedValue): ParsedValue => (comment === undefined ? p : { ...p, comment });
  if (text === '') return withComment({ value: null, type: 'undefined' });
  if (text === 'T' || text === 'F') return withComment({ value: text === 'T', type: 'logical' });
  if (INT_RE.test(text)) {
    const big = BigInt(text);
    const safe = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER);
    return withComment({ value: safe ? Number(big) : big, type: 'integer' });
  }
  if (FLOAT_RE.test(text)) return withComment({ value: Number(text.replace(/[Dd]/, 'E')), type: 'float' });
  const complex = /^\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)$/.exec(text);
  if (complex !== null && FLOAT_RE.test(complex[1]!) && FLOAT_RE.test(complex[2]!)) {
    const re = Number(complex[1]!.replace(/[Dd]/, 'E'));
    const im = Number(complex[2]!.replace(/[Dd]/, 'E'));
    return withComment({ value: { re, im }, type: 'complex' });
  }
  return withComment({ value: text, type: 'invalid', raw: text });
}

function commentAfter(field: string, from: number): string | undefined {
  const slash = field.indexOf('/', from);
  return slash < 0 ? undefined : field.slice(slash + 1).trim();
}
