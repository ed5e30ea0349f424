/**
 * Histograms for the lessons' figures, in the same style as svg.ts's lineChart: deterministic
 * SVG text (fixed precision, no timestamps), so a committed figure can be compared with a fresh render.
 */
import { niceTicks } from './svg';

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

export interface HistogramPanel {
  /** the panel's heading, e.g. `Xavier normal` */
  title: string;
  values: ArrayLike<number>;
  /** x range of the bins */
  range: [number, number];
  /** a short second line under the heading, e.g. `52% saturated` */
  note?: string;
  color?: string;
}

export interface HistogramOptions {
  title: string;
  xLabel: string;
  /** label of every panel's y axis (the bars show the fraction of all values in each bin) */
  yLabel: string;
  panels: HistogramPanel[];
  bins?: number;
  /** panels per row (default 2) */
  columns?: number;
  /** shared top of the y axis, as a fraction; default: the largest bar over all panels */
  yMax?: number;
  panelWidth?: number;
  panelHeight?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const PANEL_MARGIN = { left: 56, right: 16, top: 44, bottom: 40 };
const TITLE_HEIGHT = 34;

const fmt = (x: number): string => (Math.abs(x) < 1e-9 ? '0' : Number(x.toFixed(2)).toString());
const label = (x: number): string => Number(x.toPrecision(6)).toString();

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Small multiples: one histogram per panel, on a shared y scale so the panels can be compared. */
export function histogramPanels(options: HistogramOptions): string {
  const { bins = 40, columns = 2, panelWidth = 320, panelHeight = 220 } = options;
  if (options.panels.length === 0) throw new Error(`figure "${options.title}" has no panels`);
  const fractions = options.panels.map((p) => {
    const counts = histogram(p.values, bins, p.range);
    return counts.map((c) => c / Math.max(1, p.values.length));
  });
  const yMax = options.yMax ?? Math.max(...fractions.flat(), 1e-12);
  const rows = Math.ceil(options.panels.length / columns);
  const width = columns * panelWidth;
  const height = TITLE_HEIGHT + rows * panelHeight;
  const plotW = panelWidth - PANEL_MARGIN.left - PANEL_MARGIN.right;
  const plotH = panelHeight - PANEL_MARGIN.top - PANEL_MARGIN.bottom;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(options.title)}">`);
  parts.push(`<title>${escapeXml(options.title)}</title>`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`);

  options.panels.forEach((panel, index) => {
    const color = panel.color ?? PALETTE[index % PALETTE.length]!;
    const ox = (index % columns) * panelWidth + PANEL_MARGIN.left;
    const oy = TITLE_HEIGHT + Math.floor(index / columns) * panelHeight + PANEL_MARGIN.top;
    const [lo, hi] = panel.range;
    const px = (x: number) => ox + ((x - lo) / (hi - lo)) * plotW;
    const py = (f: number) => oy + (1 - Math.min(f, yMax) / yMax) * plotH;

    parts.push(`<text x="${fmt(ox + plotW / 2)}" y="${fmt(oy - (panel.note ? 22 : 8))}" text-anchor="middle" font-weight="bold">${escapeXml(panel.title)}</text>`);
    if (panel.note) parts.push(`<text x="${fmt(ox + plotW / 2)}" y="${fmt(oy - 7)}" text-anchor="middle" fill="#555">${escapeXml(panel.note)}</text>`);
    for (const t of niceTicks(0, yMax, 4)) {
      const y = fmt(py(t));
      parts.push(`<line x1="${fmt(ox)}" x2="${fmt(ox + plotW)}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
      parts.push(`<text x="${fmt(ox - 6)}" y="${y}" text-anchor="end" dominant-baseline="middle">${label(t)}</text>`);
    }
    for (const t of niceTicks(lo, hi, 4)) {
      parts.push(`<text x="${fmt(px(t))}" y="${fmt(oy + plotH + 16)}" text-anchor="middle">${label(t)}</text>`);
    }
    const barW = plotW / bins;
    fractions[index]!.forEach((f, b) => {
      if (f === 0) return;
      const y = py(f);
      parts.push(`<rect x="${fmt(ox + b * barW)}" y="${fmt(y)}" width="${fmt(barW)}" height="${fmt(oy + plotH - y)}" fill="${color}" fill-opacity="0.75"/>`);
    });
    parts.push(`<rect x="${fmt(ox)}" y="${fmt(oy)}" width="${fmt(plotW)}" height="${fmt(plotH)}" fill="none" stroke="#333"/>`);
    parts.push(`<text x="${fmt(ox + plotW / 2)}" y="${fmt(oy + plotH + 32)}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
    parts.push(`<text transform="translate(${fmt(ox - 42)} ${fmt(oy + plotH / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
