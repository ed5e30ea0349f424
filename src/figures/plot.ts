/**
 * Draws a Chart (chart.ts) with Observable Plot into one self-contained SVG: a title, the plot, and
 * a legend beneath it, laid out for the width asked (a phone gets a narrow drawing with the same
 * font size, so labels stay readable). The same code runs at build time (render.ts hands it a
 * linkedom document) and in the page (the live figures hand it the browser's document).
 *
 * Colours come from CSS custom properties with light defaults, and the SVG carries its own
 * `prefers-color-scheme: dark` rule, so a figure follows the reader's dark mode even as an <img>.
 */
import * as Plot from '@observablehq/plot';
import { histogram, type Chart, type HistogramChart, type LineChart, type Series } from './chart';

export const PALETTE = ['#2f7fd1', '#d9534f', '#2e9e57', '#e08a16', '#8e63c9', '#a0703f'];
/** The learner's series: colours the reference series never use (magenta first), drawn thicker. */
export const YOURS_COLORS = ['#e6007e', '#00a0a0', '#b07d00'];
export const YOURS_COLOR = YOURS_COLORS[0]!;
/** Long dashes, so a reference line under a right answer still shows through the gaps. */
const YOURS_DASH = '8 5';

const FONT = 13;
const TITLE_FONT = 15;
const LINE = 18;
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface DrawOptions {
  document: Document;
  width: number;
}

/** The figure's own stylesheet: light by default, dark when the reader prefers it. */
const STYLE = `
.fig-bg { fill: #ffffff; }
svg.figure { color: #1d2330; }
.fig-muted { fill: #5b6475; }
@media (prefers-color-scheme: dark) {
  .fig-bg { fill: #161b22; }
  svg.figure { color: #e6e9ef; }
  .fig-muted { fill: #a9b1be; }
}`;

function el<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = doc.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Greedy word wrap by an estimate of the text's width (a proportional font averages ~0.56 em). */
export function wrapLines(text: string, width: number, fontSize: number): string[] {
  const perLine = Math.max(8, Math.floor(width / (fontSize * 0.56)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
/** A log axis spanning two decades or less also labels the 2s and 5s between the powers of ten. */
function logTickFormat(values: number[]): (v: number) => string {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const span = positive.length > 0 ? Math.log10(Math.max(...positive) / Math.min(...positive)) : Infinity;
  if (span > 2.5) return powerOfTen;
  return (v) => {
    const mantissa = Number((v / 10 ** Math.floor(Math.log10(v) + 1e-9)).toPrecision(3));
    return mantissa === 1 || mantissa === 2 || mantissa === 5 ? String(Number(v.toPrecision(1))) : '';
  };
}

/** 10⁻⁵ for an exact power of ten, nothing for the minor ticks between them. */
export function powerOfTen(value: number): string {
  const k = Math.round(Math.log10(value));
  if (Math.abs(value / 10 ** k - 1) > 1e-9) return '';
  if (k === 0) return '1';
  if (k === 1) return '10';
  return `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

function colorsOf(series: Series[]): string[] {
  let yours = 0;
  return series.map((s, i) => (s.yours ? YOURS_COLORS[yours++ % YOURS_COLORS.length]! : (s.color ?? PALETTE[i % PALETTE.length]!)));
}

/** The outer SVG with background, title and the figure's stylesheet; returns it and the y below the title. */
function frame(doc: Document, title: string, width: number): { svg: SVGSVGElement; top: number } {
  const svg = el(doc, 'svg', { xmlns: SVG_NS, class: 'figure', width, viewBox: `0 0 ${width} 0`, 'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif', 'font-size': FONT, role: 'img', 'aria-label': title });
  svg.append(el(doc, 'title', {}, title));
  svg.append(el(doc, 'style', {}, STYLE));
  svg.append(el(doc, 'rect', { class: 'fig-bg', width: '100%', height: '100%' }));
  const lines = wrapLines(title, width - 16, TITLE_FONT);
  const heading = el(doc, 'text', { x: width / 2, 'text-anchor': 'middle', 'font-size': TITLE_FONT, 'font-weight': 'bold', fill: 'currentColor' });
  lines.forEach((line, i) => heading.append(el(doc, 'tspan', { x: width / 2, y: 20 + i * (TITLE_FONT + 4) }, line)));
  svg.append(heading);
  return { svg, top: 20 + lines.length * (TITLE_FONT + 4) };
}

function finish(svg: SVGSVGElement, width: number, height: number): SVGSVGElement {
  // The figure is one image named by its title (and the page's alt text); Plot's labels on inner
  // groups ("line", "dot") are noise to a screen reader, and ARIA does not allow them on a <g>.
  for (const node of Array.from(svg.querySelectorAll('[aria-label], [aria-description]'))) {
    node.removeAttribute('aria-label');
    node.removeAttribute('aria-description');
  }
  svg.setAttribute('height', String(Math.ceil(height)));
  svg.setAttribute('viewBox', `0 0 ${width} ${Math.ceil(height)}`);
  return svg;
}

/** One row per series under the plot, wrapping on a narrow page. */
function legend(doc: Document, series: Series[], width: number, top: number): { node: SVGGElement; height: number } {
  const node = el(doc, 'g', { class: 'legend', 'font-size': FONT });
  const colors = colorsOf(series);
  let x = 12;
  let y = top + LINE / 2;
  series.forEach((s, i) => {
    const itemWidth = 32 + s.name.length * FONT * 0.56 + 18;
    if (x > 12 && x + itemWidth > width - 8) {
      x = 12;
      y += LINE + 2;
    }
    const item = el(doc, 'g', s.yours ? { 'data-series': 'yours' } : {});
    item.append(el(doc, 'line', { x1: x, x2: x + 24, y1: y, y2: y, stroke: colors[i]!, 'stroke-width': s.yours ? 3 : 2, ...(s.yours ? { 'stroke-dasharray': YOURS_DASH } : s.dashed ? { 'stroke-dasharray': '6 4' } : {}) }));
    item.append(el(doc, 'text', { x: x + 30, y, dy: '0.35em', fill: 'currentColor' }, s.name));
    node.append(item);
    x += itemWidth;
  });
  return { node, height: y + LINE / 2 + 6 - top };
}

function drawLine(chart: LineChart, { document: doc, width }: DrawOptions): SVGSVGElement {
  const { svg, top } = frame(doc, chart.title, width);
  const narrow = width < 480;
  const keep = ([x, y]: [number, number]) => Number.isFinite(x) && Number.isFinite(y) && (!chart.logY || y > 0);
  const marks: Plot.Markish[] = [];
  const colors = colorsOf(chart.series);
  chart.series.forEach((s, i) => {
    const data = s.points.filter(keep);
    const className = s.yours ? 'series-yours' : 'series-reference';
    const style = { x: '0', y: '1', clip: true, stroke: colors[i]!, strokeWidth: s.yours ? 3 : 2, strokeDasharray: s.yours ? YOURS_DASH : s.dashed ? '6 4' : undefined, className };
    marks.push(Plot.line(data, style));
    if (chart.markers) marks.push(Plot.dot(data, { x: '0', y: '1', clip: true, r: narrow ? 2 : 2.5, fill: colors[i]!, className }));
  });
  for (const rule of chart.rules ?? []) {
    marks.push(Plot.ruleX([rule.x], { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '2 3' }));
  }
  const plotHeight = narrow ? 260 : 320;
  const plot = Plot.plot({
    document: doc,
    width,
    height: plotHeight,
    marginLeft: 62,
    marginRight: 18,
    marginTop: 14,
    marginBottom: 44,
    style: { fontSize: `${FONT}px`, background: 'transparent', overflow: 'visible' },
    x: { label: chart.xLabel, labelAnchor: 'center', labelArrow: 'none', domain: chart.xRange, ticks: narrow ? 5 : 8 },
    y: chart.logY
      ? { type: 'log', label: chart.yLabel, labelArrow: 'none', domain: chart.yRange, grid: true, tickFormat: logTickFormat(chart.yRange ?? chart.series.flatMap((s) => s.points.map(([, y]) => y))), ticks: narrow ? 5 : 8 }
      : { label: chart.yLabel, labelArrow: 'none', domain: chart.yRange, grid: true, ticks: narrow ? 5 : 8 },
    marks,
  }) as unknown as SVGSVGElement;
  plot.setAttribute('x', '0');
  plot.setAttribute('y', String(top));
  svg.append(plot);
  const { node, height } = legend(doc, chart.series, width, top + plotHeight + 2);
  svg.append(node);
  for (const yours of Array.from(svg.querySelectorAll('.series-yours'))) yours.setAttribute('data-series', 'yours');
  for (const ref of Array.from(svg.querySelectorAll('.series-reference'))) ref.setAttribute('data-series', 'reference');
  return finish(svg, width, top + plotHeight + 2 + height);
}

function drawHistograms(chart: HistogramChart, { document: doc, width }: DrawOptions): SVGSVGElement {
  const { svg, top } = frame(doc, chart.title, width);
  const bins = chart.bins ?? 40;
  const columns = width < 480 ? 1 : Math.min(chart.columns ?? 2, chart.panels.length);
  const fractions = chart.panels.map((p) => histogram(p.values, bins, p.range).map((c) => c / Math.max(1, p.values.length)));
  const yMax = chart.yMax ?? Math.max(...fractions.flat(), 1e-12);
  const panelWidth = Math.floor(width / columns);
  const panelHeight = 230;
  chart.panels.forEach((panel, index) => {
    const ox = (index % columns) * panelWidth;
    const oy = top + Math.floor(index / columns) * (panelHeight + 56);
    const color = panel.yours ? YOURS_COLOR : (panel.color ?? PALETTE[index % PALETTE.length]!);
    svg.append(el(doc, 'text', { x: ox + panelWidth / 2, y: oy + 14, 'text-anchor': 'middle', 'font-weight': 'bold', fill: 'currentColor' }, panel.title));
    if (panel.note) {
      const note = el(doc, 'text', { x: ox + panelWidth / 2, 'text-anchor': 'middle', class: 'fig-muted' });
      wrapLines(panel.note, panelWidth - 12, FONT).forEach((line, i) => note.append(el(doc, 'tspan', { x: ox + panelWidth / 2, y: oy + 32 + i * (FONT + 3) }, line)));
      svg.append(note);
    }
    const [lo, hi] = panel.range;
    const step = (hi - lo) / bins;
    const bars = fractions[index]!.map((f, b) => ({ x1: lo + b * step, x2: lo + (b + 1) * step, y: f }));
    const plot = Plot.plot({
      document: doc,
      width: panelWidth,
      height: panelHeight,
      marginLeft: 56,
      marginRight: 14,
      marginTop: 10,
      marginBottom: 40,
      style: { fontSize: `${FONT}px`, background: 'transparent', overflow: 'visible' },
      x: { label: chart.xLabel, labelAnchor: 'center', labelArrow: 'none', domain: [lo, hi], ticks: 4 },
      y: { label: chart.yLabel, labelArrow: 'none', domain: [0, yMax], grid: true, ticks: 4 },
      marks: [Plot.rectY(bars, { x1: 'x1', x2: 'x2', y: 'y', fill: color, fillOpacity: 0.8 }), Plot.ruleY([0])],
    }) as unknown as SVGSVGElement;
    if (panel.yours) plot.setAttribute('data-series', 'yours');
    plot.setAttribute('x', String(ox));
    plot.setAttribute('y', String(oy + 44));
    svg.append(plot);
  });
  const rows = Math.ceil(chart.panels.length / columns);
  return finish(svg, width, top + rows * (panelHeight + 56) + 8);
}

export function drawChart(chart: Chart, options: DrawOptions): SVGSVGElement {
  return chart.kind === 'line' ? drawLine(chart, options) : drawHistograms(chart, options);
}
