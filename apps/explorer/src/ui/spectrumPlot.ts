import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a panel: its own wavelength grid and values (NaN = gap). */
export interface Line {
  label: string;
  colour: string;
  wavelength: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Points instead of a line (observed data). */
  points?: boolean;
}

/** Joins lines with different grids into uPlot's aligned table (null where a line has no pixel). */
function align(lines: readonly Line[]): uPlot.AlignedData {
  if (lines.length === 0) return [[]];
  const tables = lines.map(
    (l) =>
      [Array.from(l.wavelength), Array.from(l.values, (v) => (Number.isFinite(v) ? v : null))] as uPlot.AlignedData,
  );
  return lines.length === 1 ? tables[0]! : uPlot.join(tables);
}

/** Mouse-wheel zoom on x around the cursor; shift+wheel pans. */
function wheelZoom(onRange: (min: number, max: number) => void): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        u.over.addEventListener(
          'wheel',
          (e) => {
            e.preventDefault();
            const { min, max } = u.scales.x!;
            if (min == null || max == null) return;
            const span = max - min;
            const at = u.posToVal(e.offsetX, 'x');
            const [lo, hi] = e.shiftKey
              ? [min + Math.sign(e.deltaY) * span * 0.1, max + Math.sign(e.deltaY) * span * 0.1]
              : ((f) => [at - (at - min) * f, at + (max - at) * f])(e.deltaY < 0 ? 0.8 : 1.25);
            onRange(lo, hi);
          },
          { passive: false },
        );
      },
    },
  };
}

/**
 * The spectrum panel and the residual panel below it (x scales kept in sync). Drag selects a range to zoom,
 * the wheel zooms (shift+wheel pans), a double click resets; a click without drag reports the wavelength.
 */
export class SpectrumPlot {
  private main?: uPlot;
  private resid?: uPlot;
  private range?: [number, number];
  private mainKey = '';
  private residKey = '';

  constructor(
    private readonly mainEl: HTMLElement,
    private readonly residEl: HTMLElement,
    private readonly onClickWavelength: (lambda: number) => void,
  ) {
    new ResizeObserver(() => this.resize()).observe(mainEl);
  }

  private width(): number {
    return Math.max(300, this.mainEl.clientWidth);
  }

  private setRange(min: number, max: number): void {
    this.range = [min, max];
    for (const u of [this.main, this.resid]) u?.setScale('x', { min, max });
  }

  private make(el: HTMLElement, lines: readonly Line[], height: number, yLabel: string, withClick: boolean): uPlot {
    const opts: uPlot.Options = {
      width: this.width(),
      height,
      cursor: { sync: { key: 'astroemu-x', setSeries: false }, drag: { x: true, y: false, setScale: true } },
      scales: { x: { time: false } },
      axes: [{ label: 'wavelength [Å]' }, { label: yLabel, size: 60 }],
      legend: { show: true, live: true },
      series: [
        { label: 'λ [Å]', value: (_u, v) => (v == null ? '–' : v.toFixed(2)) },
        ...lines.map(
          (l): uPlot.Series => ({
            label: l.label,
            stroke: l.colour,
            width: l.points ? 0 : 1.25,
            spanGaps: !l.points,
            points: l.points ? { show: true, size: 2.5, fill: l.colour, stroke: l.colour } : { show: false },
            value: (_u, v) => (v == null ? '–' : v.toFixed(4)),
          }),
        ),
      ],
      plugins: [wheelZoom((a, b) => this.setRange(a, b))],
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x') return;
            const { min, max } = u.scales.x!;
            if (min == null || max == null) return;
            const other = u === this.main ? this.resid : this.main;
            const o = other?.scales.x;
            if (other && o && (o.min !== min || o.max !== max)) other.setScale('x', { min, max });
            if (this.range === undefined || this.range[0] !== min || this.range[1] !== max) this.range = [min, max];
          },
        ],
        ready: [
          (u) => {
            u.over.addEventListener('dblclick', () => {
              this.range = undefined;
              const xs = u.data[0];
              if (xs.length > 0) this.setRange(xs[0]!, xs[xs.length - 1]!);
            });
            if (withClick) {
              let downX = 0;
              u.over.addEventListener('mousedown', (e) => (downX = e.clientX));
              u.over.addEventListener('click', (e) => {
                if (Math.abs(e.clientX - downX) > 3) return;
                this.onClickWavelength(u.posToVal(e.offsetX, 'x'));
              });
            }
          },
        ],
      },
    };
    el.replaceChildren();
    return new uPlot(opts, align(lines), el);
  }

  /** Draws both panels; rebuilt only when the set of lines changes, otherwise data are swapped in place. */
  draw(main: readonly Line[], resid: readonly Line[]): void {
    const keyOf = (ls: readonly Line[]) => ls.map((l) => `${l.label}|${l.colour}|${l.points ? 1 : 0}`).join(';');
    const mk = keyOf(main);
    const rk = keyOf(resid);
    if (!this.main || mk !== this.mainKey) {
      this.main?.destroy();
      this.main = this.make(this.mainEl, main, 340, 'normalised flux', true);
      this.mainKey = mk;
    } else {
      this.main.setData(align(main), this.range === undefined);
    }
    if (!this.resid || rk !== this.residKey) {
      this.resid?.destroy();
      this.resid = this.make(this.residEl, resid, 160, 'residual', false);
      this.residKey = rk;
    } else {
      this.resid.setData(align(resid), this.range === undefined);
    }
    if (this.range) this.setRange(this.range[0], this.range[1]);
  }

  /** Forget the zoom (e.g. after the wavelength grid changed). */
  resetZoom(): void {
    this.range = undefined;
  }

  private resize(): void {
    for (const [u, h] of [
      [this.main, 340],
      [this.resid, 160],
    ] as const)
      u?.setSize({ width: this.width(), height: h });
  }
}
