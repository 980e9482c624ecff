import { describe, expect, it } from 'vitest';
import * as errors from '../src/index';
import { AstroemuError, DomainError, ShapeError } from '../src/index';

describe('@astroemu/errors', () => {
  it('exports exactly the shared error classes', () => {
    expect(Object.keys(errors).sort()).toEqual(['AstroemuError', 'DomainError', 'ShapeError']);
  });

  it('each error is an Error and an AstroemuError, with its own name and message', () => {
    const shape = new ShapeError("predict: 'labels' must be [B, 3]; got [2, 4]");
    const domain = new DomainError('log10Wavelength: element 3 is -1');
    for (const e of [shape, domain]) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(AstroemuError);
    }
    expect(shape).not.toBeInstanceOf(DomainError);
    expect(domain).not.toBeInstanceOf(ShapeError);
    expect(shape.name).toBe('ShapeError');
    expect(domain.name).toBe('DomainError');
    expect(String(shape)).toBe("ShapeError: predict: 'labels' must be [B, 3]; got [2, 4]");
  });

  it('a subclass defined elsewhere takes its own name', () => {
    class BundleError extends AstroemuError {}
    expect(new BundleError('x').name).toBe('BundleError');
  });
});
