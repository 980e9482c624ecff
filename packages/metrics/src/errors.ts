/** Arrays whose lengths or shapes do not fit together (predicted vs truth, n × m, batches with different m). */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** An option outside its allowed range (wavelength index out of range, bad expectedCount…). */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DomainError';
  }
}
