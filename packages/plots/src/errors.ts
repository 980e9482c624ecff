/** Invalid plot input: mismatched lengths, empty data, out-of-range options, a spec vega cannot render. */
export class PlotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlotError';
  }
}
