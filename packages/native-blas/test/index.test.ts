import { describe, expect, it } from 'vitest';
import * as api from '../src/index';

describe('@astroemu/native-blas public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'disableNativeMatMul',
      'enableNativeMatMul',
      'isNativeMatMulEnabled',
      'loadNativeBlas',
      'nativeBlasLoadError',
    ]);
  });
});
