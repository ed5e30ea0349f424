/**
 * What a lesson figure shows, as plain data: a line chart or small-multiple histograms. A figure
 * module builds one of these; src/figures/plot.ts draws it with Observable Plot, at build time
 * (render.ts, through linkedom) and live in the page (src/site/live). Nothing here touches a DOM.
 */
export interface Series {
  name: string;
  points: [number, number][];
  color?: string;
  dashed?: boolean;
  /** the learner's own code drawn this series: marked `data-series="yours"` in the page */
  yours?: boolean;
}

export interface LineChart {
  kind: 'line';
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** log10 scale on the y axis (points with y ≤ 0 are left out) */
  logY?: boolean;
  /** draw a dot at each point */
  markers?: boolean;
  yRange?: [number, number];
  xRange?: [number, number];
  /** vertical rules, e.g. the slider's current z */
  rules?: { x: number; label?: string }[];
}

export interface HistogramPanel {
  /** the panel's heading, e.g. `Xavier normal` */
  title: string;
  values: ArrayLike<number>;
  /** x range of the bins */
  range: [number, number];
  /** a short second line under the heading, e.g. `52% saturated` */
  note?: string;
  color?: string;
  /** drawn from the learner's code: marked `data-series="yours"` */
  yours?: boolean;
}

export interface HistogramChart {
  kind: 'histogram';
  title: string;
  xLabel: string;
  /** label of every panel's y axis (the bars show the fraction of all values in each bin) */
  yLabel: string;
  panels: HistogramPanel[];
  bins?: number;
  /** panels per row on a wide page (a narrow page stacks them) */
  columns?: number;
  /** shared top of the y axis, as a fraction; default: the largest bar over all panels */
  yMax?: number;
}

export type Chart = LineChart | HistogramChart;

/** Options the old home-made SVG layer took and Plot lays out by itself; accepted so a port is a rename. */
interface LegacyLayout {
  legend?: 'left' | 'right';
  width?: number;
  height?: number;
  panelWidth?: number;
  panelHeight?: number;
}

export function lineChart(options: Omit<LineChart, 'kind'> & LegacyLayout): LineChart {
  const { legend: _l, width: _w, height: _h, ...chart } = options;
  if (chart.series.every((s) => s.points.length === 0)) throw new Error(`figure "${chart.title}" has no points`);
  return { kind: 'line', ...chart };
}

export function histogramPanels(options: Omit<HistogramChart, 'kind'> & LegacyLayout): HistogramChart {
  const { panelWidth: _w, panelHeight: _h, width: _ww, height: _hh, legend: _l, ...chart } = options;
  if (chart.panels.length === 0) throw new Error(`figure "${chart.title}" has no panels`);
  return { kind: 'histogram', ...chart };
}

/** Evenly spaced samples of f on [from, to]. */
export function sampleCurve(f: (x: number) => number, from: number, to: number, count = 201): [number, number][] {
  return Array.from({ length: count }, (_, i) => {
    const x = from + ((to - from) * i) / (count - 1);
    return [x, f(x)] as [number, number];
  });
}

/** Counts of `values` in `bins` equal-width bins over [lo, hi]; values outside the range are not counted. */
export function histogram(values: ArrayLike<number>, bins: number, [lo, hi]: [number, number]): number[] {
  if (!(bins >= 1) || !Number.isInteger(bins)) throw new Error(`histogram: bins must be a whole number >= 1, got ${bins}`);
  if (!(hi > lo)) throw new Error(`histogram: the range [${lo}, ${hi}] is empty`);
  const counts = new Array<number>(bins).fill(0);
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue; // also skips NaN
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  }
  return counts;
}
