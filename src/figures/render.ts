/**
 * Static rendering for the build: a Chart drawn by plot.ts into a linkedom document and serialized.
 * Each figure is written twice, wide for a desktop and narrow for a phone (the page picks one with
 * <picture>), so the labels are the same size on both. Output is deterministic text.
 */
import { parseHTML } from 'linkedom';
import type { Chart } from './chart';
import { drawChart } from './plot';

export const WIDE = 640;
export const NARROW = 360;

/** `07-weight-init-relu-rms.svg` → `07-weight-init-relu-rms.narrow.svg` */
export const narrowName = (file: string) => file.replace(/\.svg$/, '.narrow.svg');

/** Numbers with at most two decimals: the same picture, a smaller file that diffs readably. */
const shorten = (svg: string) => svg.replace(/-?\d+\.\d{3,}/g, (n) => String(Number(Number(n).toFixed(2))));

/**
 * Plot numbers its clip paths with one counter per process, so the same figure would come out
 * differently depending on what was drawn before it; number them within the figure instead, under
 * a prefix of its own title, so two figures inlined in one page never share an id.
 */
function ownIds(svg: string, title: string): string {
  const prefix = `fig-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}`;
  const ids = new Map<string, string>();
  return svg.replace(/plot-clip-\d+/g, (id) => {
    if (!ids.has(id)) ids.set(id, `${prefix}-clip-${ids.size + 1}`);
    return ids.get(id)!;
  });
}

export function renderSvg(chart: Chart, width: number): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = drawChart(chart, { document: document as unknown as Document, width });
  return `${ownIds(shorten(svg.outerHTML), chart.title)}\n`;
}
