import { describe, expect, it } from 'vitest';
import * as api from '../src/index';

describe('public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ANCHOR_LINES',
        'ATOMIC_MASS',
        'BALMER_LINES',
        'ELEMENT_SYMBOLS',
        'FIRST_ABUNDANCE_Z',
        'IONIZATION_ENERGY_I',
        'IONIZATION_ENERGY_II',
        'LABEL_COUNT',
        'LABEL_NAMES',
        'LABEL_SPECS',
        'LINE_ELEMENTS',
        'LINE_RICHNESS',
        'LineListParseError',
        'MAX_Z',
        'MODEL_LIMITS',
        'MOLECULE_CH',
        'SOLAR_ABUNDANCES',
        'SOLAR_HELIUM_FRACTION',
        'SynthArgumentError',
        'atomicNumber',
        'balmerCoreWidth',
        'balmerWingCoefficient',
        'createLineList',
        'createSynthesizer',
        'gaussian',
        'generateLineList',
        'gridDomain',
        'hashSeed',
        'hminusBoundFreeCrossSection',
        'hminusOpacityPerPe',
        'ionizationFractions',
        'labelIndex',
        'labelVector',
        'lineRecords',
        'logUniformWavelength',
        'makeGrid',
        'mulberry32',
        'observe',
        'parseLineListCsv',
        'parseValdShort',
        'partitionFunctions',
        'residualFlux',
        'sahaRatio',
        'saturatedResidualFlux',
        'solvePhotosphere',
        'synthesize',
        'synthesizerFor',
        'validateLabels',
        'voigtH',
        'writeSyntheticGrid',
      ].sort(),
    );
  });
  it('LABEL_NAMES: Teff, logg, He, then Li … Es (100)', () => {
    expect(api.LABEL_NAMES.length).toBe(100);
    expect(api.LABEL_NAMES.slice(0, 5)).toEqual(['Teff', 'logg', 'He', 'Li', 'Be']);
    expect(api.LABEL_NAMES[api.LABEL_NAMES.indexOf('Fe')]).toBe('Fe');
    expect(api.LABEL_NAMES.indexOf('Fe')).toBe(26);
    expect(api.LABEL_NAMES[99]).toBe('Es');
    expect(api.LABEL_SPECS[0]).toEqual({ name: 'Teff', unit: 'K', min: 4000, max: 6000 });
    expect(api.LABEL_SPECS[2]!.max).toBe(0.1568);
    expect(api.LABEL_SPECS[50]).toMatchObject({ min: -2, max: 1, unit: 'dex' });
  });
});
