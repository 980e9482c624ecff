import { createLineList, MOLECULE_CH, type LineList, type LineRecord } from './lineList';
import { atomicNumber } from './elements';
import { LineListParseError } from './errors';

/** Split one comma-separated line, keeping quoted fields ('…' or "…") whole and unquoted. */
function splitFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = '';
      else cur += ch;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** 'Fe 1' → {Z: 26, ion: 1}; 'CH 1' → CH; null for other molecules and stages above II. */
function parseSpecies(s: string, lineNumber: number): { Z: number; ion: 1 | 2; molecule: number } | null {
  const m = /^([A-Z][a-z]?[A-Z]?[a-z]?)\s+(\d+)$/.exec(s.trim());
  if (!m) throw new LineListParseError(lineNumber, `species must look like 'Fe 1'; got ${JSON.stringify(s)}`);
  const ion = Number(m[2]);
  if (m[1] === 'CH') return ion === 1 ? { Z: 6, ion: 1, molecule: MOLECULE_CH } : null;
  const Z = atomicNumber(m[1] as string);
  if (Z < 0) return null; // other molecules
  if (ion !== 1 && ion !== 2) return null;
  return { Z, ion, molecule: 0 };
}

function num(s: string | undefined, what: string, lineNumber: number): number {
  const v = Number(s);
  if (s === undefined || s === '' || !Number.isFinite(v))
    throw new LineListParseError(lineNumber, `${what} must be a number; got ${JSON.stringify(s)}`);
  return v;
}

/**
 * Parse a VALD3 "short format" extraction (data lines start with a quoted species, e.g.
 * `'Fe 1', 4045.8130, 1.4849, 1.0, 0.280, 7.780, -6.040, -7.570, 1.180, 0.872, '…'`).
 * "Extract stellar" (WL, Excit, Vmic, log gf, Rad., Stark, Waals, …) and "extract all"
 * (WL, E_low, log gf, Rad., Stark, Waals, …) layouts are told apart by their field count, or set by
 * `layout`. Lines of other molecules and of stages above II are skipped; positive Waals values
 * (ABO theory) and zero damping constants count as absent.
 */
export function parseValdShort(text: string, opts: { layout?: 'stellar' | 'all' } = {}): LineList {
  const records: LineRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k] as string;
    if (!raw.trimStart().startsWith("'")) continue;
    const f = splitFields(raw);
    if (!Number.isFinite(Number(f[1]))) continue; // header or reference lines
    const sp = parseSpecies(f[0] as string, k + 1);
    const numeric = f.slice(1).filter((x) => x !== '' && Number.isFinite(Number(x))).length;
    const stellar = opts.layout ? opts.layout === 'stellar' : numeric >= 9;
    const g = stellar ? 3 : 2;
    if (!sp) continue;
    const rad = num(f[g + 2], 'Rad.', k + 1);
    const waals = num(f[g + 4], 'Waals', k + 1);
    records.push({
      ...sp,
      lambda: num(f[1], 'wavelength', k + 1),
      chi: num(f[2], 'excitation potential', k + 1),
      loggf: num(f[g + 1], 'log gf', k + 1),
      logGammaRad: rad > 0 ? rad : NaN,
      logGammaVdW: waals < 0 ? waals : NaN,
    });
  }
  return createLineList(records);
}

/**
 * Parse a CSV line list with a header naming the columns `lambda` (Å), `element` (symbol or Z, or
 * 'CH'), `ion` (1 or 2), `chi` (eV), `loggf`, and optionally `logGammaRad`, `logGammaVdW`.
 */
export function parseLineListCsv(text: string): LineList {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (lines.length === 0) throw new LineListParseError(1, 'empty CSV; expected a header line');
  const header = splitFields(lines[0] as string);
  const col = (name: string, required: boolean): number => {
    const i = header.indexOf(name);
    if (i < 0 && required)
      throw new LineListParseError(1, `header must name column '${name}'; got ${header.join(',')}`);
    return i;
  };
  const cLam = col('lambda', true);
  const cEl = col('element', true);
  const cIon = col('ion', true);
  const cChi = col('chi', true);
  const cGf = col('loggf', true);
  const cRad = col('logGammaRad', false);
  const cVdw = col('logGammaVdW', false);
  const records: LineRecord[] = [];
  for (let k = 1; k < lines.length; k++) {
    const f = splitFields(lines[k] as string);
    const el = f[cEl] ?? '';
    const ion = num(f[cIon], 'ion', k + 1);
    const sp = /^\d+$/.test(el)
      ? { Z: Number(el), ion: ion as 1 | 2, molecule: 0 }
      : parseSpecies(`${el} ${ion}`, k + 1);
    if (!sp) throw new LineListParseError(k + 1, `species '${el} ${ion}' is not supported (atoms I/II and CH)`);
    records.push({
      ...sp,
      lambda: num(f[cLam], 'lambda', k + 1),
      chi: num(f[cChi], 'chi', k + 1),
      loggf: num(f[cGf], 'loggf', k + 1),
      logGammaRad: cRad >= 0 && f[cRad] !== '' ? num(f[cRad], 'logGammaRad', k + 1) : NaN,
      logGammaVdW: cVdw >= 0 && f[cVdw] !== '' ? num(f[cVdw], 'logGammaVdW', k + 1) : NaN,
    });
  }
  return createLineList(records);
}
