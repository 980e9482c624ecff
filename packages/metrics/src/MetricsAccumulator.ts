import { DomainError, ShapeError } from './errors';
import { checkPair, type NumericArray } from './numericArray';
import { BAND_PERCENTILES, percentileLinear } from './percentileLinear';
import { CorrelationAccumulator, type ResidualCorrelation } from './residualCorrelation';
import { selectTop } from './selectTop';
import { TopKHeap } from './topKHeap';
import { maqe95FromTop, qaeFromTop, tailSize } from './upperTail';

export interface MetricsAccumulatorOptions {
  /**
   * Keep every residual (as float32, N × M) so that per-wavelength percentile bands can be computed
   * and QAE0.95/MAQE0.95 are exact. Default true. Memory: 4 bytes per value (≈ 89 MB for
   * 1 000 spectra × 22 315 pixels).
   */
  keepResiduals?: boolean;
  /**
   * With keepResiduals: false, the total number of values (N × M) you will add. QAE0.95/MAQE0.95 are
   * then exact from a bounded min-heap of the ⌈n/20⌉ + 2 largest |errors| (adding more is an error).
   */
  expectedCount?: number;
  /**
   * Wavelength indices for the residual correlation matrix: 'auto' (default: all if M ≤ 512, else
   * 512 evenly spaced), an explicit list, or false for none. Memory and time grow as K².
   */
  correlation?: 'auto' | number[] | false;
}

/** Per-wavelength percentiles of residuals (predicted − truth). */
export interface ResidualBands {
  /** [2.5, 16, 50, 84, 97.5] */
  percentiles: readonly number[];
  /** One Float64Array of length M per percentile. */
  values: Float64Array[];
}

export interface MetricsResult {
  /** Number of values (spectra × wavelengths). */
  count: number;
  spectra: number;
  wavelengths: number;
  mse: number;
  mae: number;
  maxAE: number;
  mare: number;
  qae95: number;
  maqe95: number;
  /** Present when keepResiduals is true. */
  bands?: ResidualBands;
  /** Present unless correlation is false. */
  correlation?: ResidualCorrelation;
}

const WHO = 'MetricsAccumulator.add';

/**
 * Accumulates emulation metrics over batches of spectra ([n, m] row-major Float32Array/Float64Array):
 * the result for a set split into batches equals the result for the whole set at once.
 */
export class MetricsAccumulator {
  private m = 0;
  private spectra = 0;
  private sumSq = 0;
  private sumAbs = 0;
  private sumRel = 0;
  private max = 0;
  private hasNaN = false;
  private readonly blocks: Float32Array[] = [];
  private readonly heap?: TopKHeap;
  private corr?: CorrelationAccumulator;
  private readonly options: MetricsAccumulatorOptions;

  constructor(options: MetricsAccumulatorOptions = {}) {
    this.options = options;
    if (options.keepResiduals === false) {
      const e = options.expectedCount;
      if (e === undefined || !Number.isSafeInteger(e) || e <= 0) {
        throw new DomainError(
          `MetricsAccumulator: with keepResiduals: false, expectedCount must be a positive integer (the total N × M, for exact QAE0.95/MAQE0.95); got ${e}`,
        );
      }
      this.heap = new TopKHeap(tailSize(e));
    }
  }

  /**
   * Adds a batch. Give n (spectra) and/or m (wavelengths); missing ones are inferred from the length
   * and from earlier batches (a first batch with neither is one spectrum).
   */
  add(predicted: NumericArray, truth: NumericArray, n?: number, m?: number): this {
    checkPair(WHO, predicted, truth);
    const len = predicted.length;
    if (m === undefined) m = n !== undefined ? len / n : this.m || len;
    if (n === undefined) n = len / m;
    if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m <= 0 || n <= 0 || n * m !== len) {
      throw new ShapeError(`${WHO}: batch of ${len} values does not split into n × m = ${n} × ${m}`);
    }
    if (this.m !== 0 && m !== this.m) {
      throw new ShapeError(`${WHO}: batch has m = ${m} wavelengths but earlier batches had ${this.m}`);
    }
    const total = (this.spectra + n) * m;
    if (this.heap && total > this.options.expectedCount!) {
      throw new ShapeError(`${WHO}: ${total} values added but expectedCount is ${this.options.expectedCount}`);
    }
    if (this.m === 0) {
      this.m = m;
      const c = this.options.correlation ?? 'auto';
      if (c !== false) {
        const idx =
          c === 'auto'
            ? m <= 512
              ? Array.from({ length: m }, (_, i) => i)
              : Array.from({ length: 512 }, (_, i) => Math.round((i * (m! - 1)) / 511))
            : c;
        this.corr = new CorrelationAccumulator(Int32Array.from(idx), m);
      }
    }

    const residuals = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const e = predicted[i] - truth[i];
      residuals[i] = e;
      const a = Math.abs(e);
      this.sumSq += e * e;
      this.sumAbs += a;
      this.sumRel += a / Math.abs(truth[i]);
      if (Number.isNaN(a)) this.hasNaN = true;
      else if (a > this.max) this.max = a;
      this.heap?.push(a);
    }
    if (this.options.keepResiduals !== false) this.blocks.push(Float32Array.from(residuals));
    this.corr?.add(residuals, n, m);
    this.spectra += n;
    return this;
  }

  /** The metrics of everything added so far. */
  result(): MetricsResult {
    const m = this.m;
    const count = this.spectra * m;
    if (count === 0) throw new ShapeError('MetricsAccumulator.result: no batch has been added');
    let top: Float64Array;
    if (this.heap) {
      top = this.heap.sortedDescending();
    } else {
      const abs = new Float64Array(count);
      let p = 0;
      for (const b of this.blocks) for (let i = 0; i < b.length; i++) abs[p++] = Math.abs(b[i]);
      top = selectTop(abs, tailSize(count));
    }
    const out: MetricsResult = {
      count,
      spectra: this.spectra,
      wavelengths: m,
      mse: this.sumSq / count,
      mae: this.sumAbs / count,
      maxAE: this.hasNaN ? NaN : this.max,
      mare: this.sumRel / count,
      qae95: this.hasNaN ? NaN : qaeFromTop(top, count, 95),
      maqe95: this.hasNaN ? NaN : maqe95FromTop(top, count),
    };
    if (this.options.keepResiduals !== false) out.bands = this.bands();
    if (this.corr) out.correlation = this.corr.result();
    return out;
  }

  private bands(): ResidualBands {
    const m = this.m;
    const N = this.spectra;
    const values = BAND_PERCENTILES.map(() => new Float64Array(m));
    const col = new Float32Array(N);
    for (let j = 0; j < m; j++) {
      let p = 0;
      for (const b of this.blocks) for (let i = j; i < b.length; i += m) col[p++] = b[i];
      col.sort(); // numeric; NaN last
      const valid = col.findIndex(Number.isNaN);
      BAND_PERCENTILES.forEach((q, k) => (values[k][j] = valid >= 0 ? NaN : percentileLinear(col, q)));
    }
    return { percentiles: [...BAND_PERCENTILES], values };
  }
}
