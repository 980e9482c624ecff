/** A complex header value `(re, im)`. */
export interface FitsComplex {
  re: number;
  im: number;
}

/** A header value. Integers beyond ±2^53 are bigint; `null` is an undefined value (`KEY =` with nothing). */
export type FitsValue = boolean | number | bigint | string | FitsComplex | null;

/** How a card's value was written. `commentary` = COMMENT, HISTORY or blank keyword (value is the text). */
export type FitsValueType =
  | 'logical'
  | 'integer'
  | 'float'
  | 'string'
  | 'complex'
  | 'undefined'
  | 'commentary'
  | 'invalid';

/** One logical header card (CONTINUE cards are merged into the card they continue, as astropy does). */
export interface FitsCard {
  /** Keyword, upper case; HIERARCH keywords without the `HIERARCH ` prefix (e.g. 'ESO DET BITS'). */
  keyword: string;
  value: FitsValue;
  type: FitsValueType;
  comment?: string;
  /** For `type: 'invalid'`: the value text that could not be parsed (the value is then the raw text). */
  raw?: string;
}

/**
 * A FITS header: the cards in file order, with map-like access by keyword. `get` returns the first
 * card's value for a keyword (astropy's behaviour); COMMENT and HISTORY are available with `getAll`.
 */
export class FitsHeader {
  readonly cards: readonly FitsCard[];
  private readonly index = new Map<string, FitsCard[]>();

  constructor(cards: readonly FitsCard[]) {
    this.cards = cards;
    for (const card of cards) {
      const list = this.index.get(card.keyword);
      if (list === undefined) this.index.set(card.keyword, [card]);
      else list.push(card);
    }
  }

  /** Number of cards (END not counted), equal to astropy's `len(header)`. */
  get size(): number {
    return this.cards.length;
  }

  has(keyword: string): boolean {
    return this.index.has(keyword.toUpperCase());
  }

  get(keyword: string): FitsValue | undefined {
    return this.index.get(keyword.toUpperCase())?.[0]?.value;
  }

  card(keyword: string): FitsCard | undefined {
    return this.index.get(keyword.toUpperCase())?.[0];
  }

  /** Every card with this keyword, in file order (e.g. all HISTORY lines). */
  getAll(keyword: string): FitsCard[] {
    return [...(this.index.get(keyword.toUpperCase()) ?? [])];
  }

  /** Value as a finite number (integers, floats, safe bigints), else undefined. */
  number(keyword: string): number | undefined {
    const v = this.get(keyword);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'bigint') return Number(v);
    return undefined;
  }

  string(keyword: string): string | undefined {
    const v = this.get(keyword);
    return typeof v === 'string' ? v : undefined;
  }

  keys(): IterableIterator<string> {
    return this.index.keys();
  }

  /** [keyword, value] of the first card of each keyword, in file order. */
  *entries(): IterableIterator<[string, FitsValue]> {
    for (const [k, list] of this.index) yield [k, list[0]!.value];
  }
}
