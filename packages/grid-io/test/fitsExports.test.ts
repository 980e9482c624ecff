import { describe, expect, it } from 'vitest';
import * as fits from '../src/fits/index';
import * as spectrum from '../src/spectrum/index';

describe('FITS and spectrum public surface', () => {
  it('exports exactly these values (types are pinned by tsc)', () => {
    expect(Object.keys(fits).sort()).toEqual([
      'FitsError',
      'FitsHeader',
      'findColumn',
      'formatCard',
      'parseFits',
      'readFits',
      'requireColumn',
      'spectrumImageHdu',
      'spectrumTableHdu',
      'writeFits',
    ]);
    expect(Object.keys(spectrum).sort()).toEqual(['parseSpectrum', 'readSpectrum', 'wavelengthFromWcs']);
  });
});
