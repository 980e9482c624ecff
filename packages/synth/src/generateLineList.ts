import { createLineList, MOLECULE_CH, type LineList, type LineRecord } from './lineList';
import { LINE_RICHNESS, type LineFamily } from './lineRichness';
import { ANCHOR_LINES } from './anchorLines';
import { gaussian, hashSeed, mulberry32 } from './prng';
import { SynthArgumentError, describeValue } from './errors';
import { SOLAR_ABUNDANCES } from './solarAbundances';
import { IONIZATION_ENERGY_I, IONIZATION_ENERGY_II } from './elements';

export interface GenerateLineListOptions {
  /** Seed of the line list (not of the labels); default 1. */
  seed?: number;
  /** Å; default 4000 and 5000. Lines are drawn over [lambdaMin − margin, lambdaMax + margin]. */
  lambdaMin?: number;
  lambdaMax?: number;
  /** Å beyond each end where lines are still drawn (their wings reach in); default 5. */
  margin?: number;
  /** Atomic lines per 1000 Å (before anchors and the CH band); default 10 000. */
  linesPer1000A?: number;
  /** CH lines of the G band (4270–4315 Å) when it lies in range; default 400. */
  chLines?: number;
  /** Include the anchor lines (Ca I 4227, Sr II, Ba II, …); default true. */
  anchors?: boolean;
}

const TOTAL_RICHNESS = LINE_RICHNESS.reduce((s, e) => s + e.lines, 0);

/** Excitation potential χ [eV] and log gf of one generated line of a family and stage. */
function drawLine(family: LineFamily, ion: 1 | 2, rand: () => number): [number, number] {
  const u = rand();
  const w = rand();
  switch (family) {
    case 'ironPeak': {
      if (ion === 2) return [1 + 5 * rand(), -6.5 + 6.3 * u ** 2.5];
      // Neutral: a quarter of the lines from low levels (χ < 1.5 eV), which have weaker gf.
      const chi = w < 0.25 ? 1.5 * rand() : 1.5 + 3.5 * rand();
      return [chi, -7 + 6.8 * u ** 4 - Math.max(0, 1.5 - chi)];
    }
    case 'light':
      return ion === 1 ? [2 + 4.5 * w, -5 + 4.5 * u ** 2] : [8 + 2 * w, -2 + 2.5 * u];
    case 'heavy':
      return [3 * w, -2.5 + 3 * u ** 1.2];
    case 'carbon':
      return [7.5 + 1.1 * w, -3 + 2.5 * u];
  }
}

/**
 * A seeded synthetic line list: elements get lines in proportion to LINE_RICHNESS (iron ≫ Cr, Ti,
 * Ni, V, Co, Mn, Sc, Ca ≫ light and neutron-capture elements), every other element none; plus the
 * anchor lines and the CH G band. Same options → identical list on every machine.
 */
export function generateLineList(opts: GenerateLineListOptions = {}): LineList {
  const seed = opts.seed ?? 1;
  const lo = opts.lambdaMin ?? 4000;
  const hi = opts.lambdaMax ?? 5000;
  const margin = opts.margin ?? 5;
  const density = opts.linesPer1000A ?? 10_000;
  if (!(Number.isFinite(lo) && lo > 0 && Number.isFinite(hi) && hi > lo)) {
    throw new SynthArgumentError(
      'lambdaMax',
      'generateLineList',
      `a finite wavelength > lambdaMin (${lo} Å)`,
      describeValue(hi),
    );
  }
  if (!(Number.isFinite(density) && density >= 0)) {
    throw new SynthArgumentError('linesPer1000A', 'generateLineList', 'a non-negative number', describeValue(density));
  }
  const a = lo - margin;
  const b = hi + margin;
  const records: LineRecord[] = [];
  for (const el of LINE_RICHNESS) {
    const rand = mulberry32(hashSeed(seed, el.Z, 0x11ae));
    const expected = (el.lines / TOTAL_RICHNESS) * density * ((b - a) / 1000);
    const count = Math.floor(expected) + (rand() < expected - Math.floor(expected) ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const lambda = a + (b - a) * rand();
      const ion: 1 | 2 = rand() < el.ionFraction ? 2 : 1;
      const [drawnChi, drawn] = drawLine(el.family, ion, rand);
      // A bound lower level lies below the ionisation limit of its stage.
      const limit = (ion === 1 ? (IONIZATION_ENERGY_I[el.Z] as number) : (IONIZATION_ENERGY_II[el.Z] as number)) - 0.5;
      const chi = Math.min(drawnChi, limit * (0.9 + 0.1 * rand()));
      // Rarer iron-peak elements: the lines that matter have larger gf (half the abundance deficit).
      const loggf = el.family === 'ironPeak' ? drawn + 0.5 * (7.5 - (SOLAR_ABUNDANCES[el.Z] as number)) : drawn;
      const logGammaRad = Math.log10(2.223e15 / (lambda * lambda)) + 0.15 * gaussian(rand);
      const logGammaVdW = (ion === 1 ? -7.6 : -7.9) + 0.25 * gaussian(rand);
      records.push({ lambda, Z: el.Z, ion, chi, loggf, logGammaRad, logGammaVdW });
    }
  }
  // CH A–X G band: lines crowd towards the band head at 4314.2 Å.
  const chCount = opts.chLines ?? 400;
  const rand = mulberry32(hashSeed(seed, 0xc4));
  for (let k = 0; k < chCount; k++) {
    const lambda = 4314.2 - 45 * rand() ** 1.5;
    const chi = 1.6 * rand();
    const loggf = -3.2 + 2.8 * rand() ** 1.3;
    const logGammaVdW = -7.8 + 0.2 * gaussian(rand);
    if (lambda >= a && lambda <= b)
      records.push({ lambda, Z: 6, ion: 1, molecule: MOLECULE_CH, chi, loggf, logGammaVdW });
  }
  if (opts.anchors ?? true) for (const r of ANCHOR_LINES) if (r.lambda >= a && r.lambda <= b) records.push(r);
  return createLineList(records);
}
