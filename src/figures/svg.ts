/**
 * Tiny, dependency-free SVG charts for the lessons' figures. Output is deterministic text
 * (fixed precision, no timestamps), so a committed figure can be compared with a fresh render.
 */
export interface Series {
  name: string;
  points: [number, number][];
  color?: string;
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** log10 scale on the y axis (all y must be > 0) */
  logY?: boolean;
  /** draw markers at each point */
  markers?: boolean;
  width?: number;
  height?: number;
  yRange?: [number, number];
  /** which top corner holds the legend (default right) */
  legend?: 'left' | 'right';
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const MARGIN = { left: 72, right: 24, top: 40, bottom: 52 };

const fmt = (x: number): string => (Math.abs(x) < 1e-9 ? '0' : Number(x.toFixed(2)).toString());

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function tickLabel(value: number, log: boolean): string {
  if (log) return `1e${Math.round(value)}`;
  return Number(value.toPrecision(6)).toString();
}

export function lineChart(options: ChartOptions): string {
  const { width = 640, height = 360, logY = false } = options;
  const ty = (y: number) => (logY ? Math.log10(y) : y);
  const all = options.series.flatMap((s) => s.points);
  if (all.length === 0) throw new Error(`figure "${options.title}" has no points`);
  if (logY && all.some(([, y]) => !(y > 0))) throw new Error(`figure "${options.title}": log scale needs y > 0`);
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => ty(y));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = options.yRange ? options.yRange.map(ty) as [number, number] : [Math.min(...ys), Math.max(...ys)];
  if (logY) [y0, y1] = [Math.floor(y0), Math.ceil(y1)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const py = (y: number) => MARGIN.top + (1 - (ty(y) - y0) / (y1 - y0)) * plotH;
  const pyRaw = (v: number) => MARGIN.top + (1 - (v - y0) / (y1 - y0)) * plotH;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(options.title)}">`);
  parts.push(`<title>${escapeXml(options.title)}</title>`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`);

  const yTicks = logY ? niceTicks(y0, y1, Math.min(8, y1 - y0)).filter(Number.isInteger) : niceTicks(y0, y1);
  for (const t of yTicks) {
    const y = fmt(pyRaw(t));
    parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${tickLabel(t, logY)}</text>`);
  }
  for (const t of niceTicks(x0, x1)) {
    const x = fmt(px(t));
    parts.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x}" y="${height - MARGIN.bottom + 16}" text-anchor="middle">${tickLabel(t, false)}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);

  options.series.forEach((series, i) => {
    const color = series.color ?? PALETTE[i % PALETTE.length]!;
    const d = series.points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${fmt(px(x))} ${fmt(py(y))}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    if (options.markers) {
      for (const [x, y] of series.points) parts.push(`<circle cx="${fmt(px(x))}" cy="${fmt(py(y))}" r="2.5" fill="${color}"/>`);
    }
    const ly = MARGIN.top + 14 + i * 18;
    const lx = options.legend === 'left' ? MARGIN.left + 12 : width - MARGIN.right - 170;
    parts.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${lx + 30}" y="${ly}" dominant-baseline="middle">${escapeXml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Evenly spaced samples of f on [from, to]. */
export function sampleCurve(f: (x: number) => number, from: number, to: number, count = 201): [number, number][] {
  return Array.from({ length: count }, (_, i) => {
    const x = from + ((to - from) * i) / (count - 1);
    return [x, f(x)] as [number, number];
  });
}
