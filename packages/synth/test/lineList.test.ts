import { describe, expect, it } from 'vitest';
import {
  generateLineList,
  parseValdShort,
  parseLineListCsv,
  createLineList,
  LINE_ELEMENTS,
  MOLECULE_CH,
  createSynthesizer,
  labelVector,
  synthesize,
} from '../src/index';

describe('generateLineList', () => {
  const list = generateLineList();
  it('has ~10⁴ lines, iron the richest, only the line elements present', () => {
    expect(list.size).toBeGreaterThan(9000);
    expect(list.size).toBeLessThan(13000);
    const count = new Map<number, number>();
    for (let j = 0; j < list.size; j++)
      if (list.molecule[j] === 0) count.set(list.Z[j] as number, (count.get(list.Z[j] as number) ?? 0) + 1);
    const ranked = [...count.entries()].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]?.[0]).toBe(26);
    expect(ranked[0]![1]).toBeGreaterThan(4 * ranked[1]![1]);
    for (const Z of count.keys()) expect(LINE_ELEMENTS).toContain(Z);
    let ch = 0;
    for (let j = 0; j < list.size; j++) if (list.molecule[j] === MOLECULE_CH) ch++;
    expect(ch).toBe(400);
    for (let j = 1; j < list.size; j++) expect(list.lambda[j]).toBeGreaterThanOrEqual(list.lambda[j - 1] as number);
  });
  it('is reproducible by seed', () => {
    expect(Array.from(generateLineList().loggf)).toEqual(Array.from(list.loggf));
    expect(Array.from(generateLineList({ seed: 2 }).lambda.subarray(0, 10))).not.toEqual(
      Array.from(list.lambda.subarray(0, 10)),
    );
  });
});

const VALD = `                                                                   Damping parameters    Lande  Central
 4044.0000,  4046.0000,     3,    1000,   1.0 Wavelength region, lines selected, lines processed, Vmicro
'Elm Ion',      WL_air(A),  Excit(eV), Vmic,  log gf*, Rad.,  Stark, Waals, factor,  depth, Reference
'Fe 1',       4044.6110,   2.8320, 1.0, -1.220, 8.090, -5.620, -7.550, 1.120, 0.412, '  1 K07   1 K07'
'CH 1',       4044.9000,   0.5000, 1.0, -2.000, 0.000,  0.000,  0.000, 0.000, 0.010, 'KMGH'
'Ti 2',       4045.1000,   1.2000, 1.0, -1.500, 8.100, -6.500, 275.250, 1.000, 0.300, 'x'
'Fe 3',       4045.2000,   5.0000, 1.0, -1.000, 8.100, -6.500, -7.000, 1.000, 0.000, 'x'
'TiO 1',      4045.3000,   0.1000, 1.0, -1.000, 0.000,  0.000,  0.000, 0.000, 0.000, 'x'
`;

describe('parseValdShort', () => {
  it('reads the stellar short format, skipping stages > II and other molecules', () => {
    const l = parseValdShort(VALD);
    expect(l.size).toBe(3);
    expect(Array.from(l.Z)).toEqual([26, 6, 22]);
    expect(Array.from(l.molecule)).toEqual([0, MOLECULE_CH, 0]);
    expect(l.loggf[0]).toBeCloseTo(-1.22, 10);
    expect(l.chi[0]).toBeCloseTo(2.832, 10);
    expect(l.logGammaVdW[0]).toBeCloseTo(-7.55, 10);
    expect(Number.isNaN(l.logGammaVdW[2] as number)).toBe(true); // ABO value → default
    expect(Number.isNaN(l.logGammaRad[1] as number)).toBe(true);
  });
  it('feeds the synthesizer: the Fe line appears where it should', () => {
    const s = createSynthesizer({
      lineList: parseValdShort(VALD),
      R: 200_000,
      lambdaMin: 4044.3,
      lambdaMax: 4044.9,
      hydrogen: false,
    });
    const f = s.synthesize(labelVector());
    let iMin = 0;
    for (let i = 0; i < f.length; i++) if ((f[i] as number) < (f[iMin] as number)) iMin = i;
    expect(Math.abs((s.wavelength[iMin] as number) - 4044.611)).toBeLessThan(0.03);
    expect(f[iMin]).toBeLessThan(0.6);
  });
});

describe('parseLineListCsv', () => {
  it('reads symbols or Z and optional damping', () => {
    const l = parseLineListCsv(
      'lambda,element,ion,chi,loggf,logGammaVdW\n4500.1,Fe,1,2.0,-1.5,-7.4\n4400,56,2,0,0.1,\n',
    );
    expect(l.size).toBe(2);
    expect(l.Z[0]).toBe(56);
    expect(l.logGammaVdW[1]).toBeCloseTo(-7.4, 10);
  });
  it('names the missing column or bad value', () => {
    expect(() => parseLineListCsv('lambda,element,ion,chi\n1,Fe,1,0\n')).toThrow(
      /line 1: header must name column 'loggf'/,
    );
    expect(() => parseLineListCsv('lambda,element,ion,chi,loggf\n4500,Fe,1,x,0\n')).toThrow(
      /line 2: chi must be a number; got "x"/,
    );
    expect(() => createLineList([{ lambda: 4500, Z: 26, ion: 3 as 1, chi: 0, loggf: 0 }])).toThrow(
      /Argument 'records\[0\]\.ion' passed to 'createLineList' must be 1 \(neutral\) or 2/,
    );
  });
});

describe('synthesize argument checks', () => {
  it('names the bad label', () => {
    const l = labelVector();
    l[0] = 9000;
    expect(() => synthesize(l, { R: 5000 })).toThrow(
      /Argument 'labels\[0\] \(Teff\)' passed to 'synthesize' must be a finite number in \[3000, 8000\]; got 9000/,
    );
    expect(() => synthesize([1, 2, 3], { R: 5000 })).toThrow(
      /Argument 'labels' passed to 'synthesize' must be 100 numbers in LABEL_NAMES order; got array\(3\)/,
    );
  });
});
